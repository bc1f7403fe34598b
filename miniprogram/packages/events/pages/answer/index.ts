import type { AnswerInput, Question, Survey } from '../../../../../typings/events';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { loadable } from '../../../../behaviors/loadable';
import { call } from '../../../../services/api';
import { navigateBack } from '../../../../services/navigation';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';

interface Draft {
  single: string;
  multiple: string[];
  rating: number;
  text: string;
}

const blank = (): Draft => ({ single: '', multiple: [], rating: 0, text: '' });

const questionView = (question: Question, index: number) => ({
  ...question,
  number: index + 1,
  choices: question.options.map((label, value) => ({ label, value: String(value) })),
});

/** The answers as the api takes them; the questions left blank are left out. */
function answersOf(questions: Question[], drafts: Draft[]): AnswerInput[] {
  return questions.flatMap((question, index): AnswerInput[] => {
    const draft = drafts[index];
    if (question.kind === 'single') return draft.single === '' ? [] : [{ questionId: question.id, choices: [Number(draft.single)] }];
    if (question.kind === 'multiple') return draft.multiple.length ? [{ questionId: question.id, choices: draft.multiple.map(Number) }] : [];
    if (question.kind === 'rating') return draft.rating ? [{ questionId: question.id, rating: draft.rating }] : [];
    return draft.text.trim() ? [{ questionId: question.id, text: draft.text.trim() }] : [];
  });
}

/**
 * 填写问卷 (seed 002 §6, 顾客意见调查): an owner answers the community's survey once. The answer is
 * stored apart from who gave it; the page says so before it is sent.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    id: '',
    survey: null as Survey | null,
    questions: [] as ReturnType<typeof questionView>[],
    drafts: [] as Draft[],
    sending: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    async fetch() {
      if (!this.data.id) return this.fail('没有指定问卷');
      const survey = await call('survey.get', { id: this.data.id });
      this.setData({ survey, questions: survey.questions.map(questionView), drafts: survey.questions.map(blank) });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string | string[] | number }, Record<string, never>, { index: number; field: keyof Draft }>) {
      const { index, field } = event.currentTarget.dataset;
      this.setData({ [`drafts[${index}].${field}`]: event.detail.value });
    },
    async onSubmit() {
      const { survey, drafts, requestId } = this.data;
      if (!survey) return;
      const missing = survey.questions.findIndex((question, index) => question.required && !answersOf([question], [drafts[index]]).length);
      if (missing >= 0) {
        wx.showToast({ title: `请回答第 ${missing + 1} 题`, icon: 'none' });
        return;
      }
      if (!(await confirmModal('提交问卷', '提交后不能修改，每位业主只能提交一次。您的答卷匿名保存，物业只看到统计结果。', '提交'))) return;
      await whileBusy(this, 'sending', async () => {
        await call('survey.answer', { id: survey.id, answers: answersOf(survey.questions, drafts) }, { requestId });
        this.setData({ survey: { ...survey, answered: true, allowed: [] } });
        wx.showToast({ title: '感谢您的意见', icon: 'success' });
        navigateBack();
      });
    },
  },
});
