import type { Question, QuestionKind, Survey } from '../../../../../typings/events';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { loadable } from '../../../../behaviors/loadable';
import { call, newRequestId } from '../../../../services/api';
import { redirectTo } from '../../../../services/navigation';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { QUESTION_KIND_LABELS } from '../../views';

/** A question as the form edits it: the choices one per line. */
interface DraftQuestion {
  kind: QuestionKind;
  kindLabel: string;
  title: string;
  optionsText: string;
  required: boolean;
}

const draftOf = (question: Pick<Question, 'kind' | 'title' | 'options' | 'required'>): DraftQuestion => ({
  kind: question.kind,
  kindLabel: QUESTION_KIND_LABELS[question.kind],
  title: question.title,
  optionsText: question.options.join('\n'),
  required: question.required,
});

/** The yearly questionnaire a new survey starts from; every question can be changed or removed. */
const TEMPLATE: DraftQuestion[] = [
  draftOf({ kind: 'rating', title: '您对物业服务的总体满意度', options: [], required: true }),
  draftOf({ kind: 'rating', title: '您对报修处理的及时性是否满意', options: [], required: true }),
  draftOf({ kind: 'single', title: '您最常使用的报事方式', options: ['小程序', '电话', '到服务中心'], required: true }),
  draftOf({ kind: 'multiple', title: '您希望物业加强哪些方面', options: ['保洁', '安保', '绿化', '维修', '社区活动'], required: false }),
  draftOf({ kind: 'text', title: '您的其他意见和建议', options: [], required: false }),
];

const questionsOf = (drafts: DraftQuestion[]): Question[] =>
  drafts.map((draft, index) => ({
    id: `q${index + 1}`,
    kind: draft.kind,
    title: draft.title.trim(),
    options: draft.kind === 'single' || draft.kind === 'multiple' ? draft.optionsText.split('\n').map((line) => line.trim()).filter(Boolean) : [],
    required: draft.required,
  }));

/**
 * 编写问卷 (seed 002 §6): the company's questionnaire — single and multiple choice, ratings and free
 * text — saved as a draft, then sent to the community's verified owners.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    id: '',
    communityId: '',
    survey: null as Survey | null,
    title: '',
    intro: '',
    questions: [] as DraftQuestion[],
    kinds: Object.entries(QUESTION_KIND_LABELS).map(([value, label]) => ({ value, label })),
    canSend: false,
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ id: query.id ?? '', communityId: query.communityId ?? '' });
      void this.load();
    },
    async fetch() {
      if (!this.data.id) {
        if (!this.data.communityId) return this.fail('没有指定小区');
        this.setData({ title: '年度顾客意见调查', intro: '感谢您抽出时间填写。问卷匿名，结果只用于改进物业服务。', questions: TEMPLATE.map((item) => ({ ...item })) });
        return;
      }
      const survey = await call('survey.get', { id: this.data.id });
      if (!survey.allowed.includes('edit')) return this.fail('问卷已发出，不能修改');
      this.setData({ survey, canSend: survey.allowed.includes('send'), communityId: survey.communityId, title: survey.title, intro: survey.intro, questions: survey.questions.map(draftOf) });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'title' | 'intro' }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onQuestionField(event: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { index: number; field: keyof DraftQuestion }>) {
      const { index, field } = event.currentTarget.dataset;
      this.setData({ [`questions[${index}].${field}`]: event.detail.value });
    },
    onAdd(event: WechatMiniprogram.BaseEvent<Record<string, never>, { kind: QuestionKind }>) {
      const { kind } = event.currentTarget.dataset;
      this.setData({ questions: [...this.data.questions, draftOf({ kind, title: '', options: [], required: kind !== 'text' })] });
    },
    async onRemove(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const { index } = event.currentTarget.dataset;
      if (!(await confirmModal('删除题目', `删除第 ${index + 1} 题吗？`, '删除'))) return;
      this.setData({ questions: this.data.questions.filter((_, at) => at !== index) });
    },
    async save(): Promise<Survey | undefined> {
      const { survey, communityId, title, intro, questions, requestId } = this.data;
      const saved = await call(
        'survey.save',
        { communityId, ...(survey ? { id: survey.id, version: survey.version } : {}), title: title.trim(), intro: intro.trim(), questions: questionsOf(questions) },
        { requestId },
      );
      this.setData({ survey: saved, id: saved.id, canSend: saved.allowed.includes('send'), requestId: newRequestId() });
      return saved;
    },
    async onSave() {
      await whileBusy(this, 'busy', async () => {
        await this.save();
        wx.showToast({ title: '草稿已保存', icon: 'success' });
      });
    },
    async onSend() {
      if (!(await confirmModal('发出问卷', '发出后，本小区的已认证业主会在“社区活动”中看到并匿名填写，问卷不能再修改。', '发出'))) return;
      await whileBusy(this, 'busy', async () => {
        const saved = await this.save();
        if (!saved) return;
        await call('survey.send', { id: saved.id, version: saved.version });
        wx.showToast({ title: '问卷已发出', icon: 'success' });
        redirectTo('packages/events/pages/survey-results/index', { id: saved.id });
      });
    },
  },
});
