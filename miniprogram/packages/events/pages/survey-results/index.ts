import type { FreeTextAnswer, QuestionResult, SurveyResults } from '../../../../../typings/events';
import { loadable } from '../../../../behaviors/loadable';
import { call } from '../../../../services/api';
import { chinaMinute } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { QUESTION_KIND_LABELS, surveyRow } from '../../views';

const questionRow = (result: QuestionResult, index: number) => ({
  ...result,
  number: index + 1,
  kindLabel: QUESTION_KIND_LABELS[result.kind],
  chart: result.kind === 'text' ? null : { labels: result.labels, counts: result.counts },
  lines: result.labels.map((label, at) => `${label}：${result.counts[at] ?? 0} 人`),
  summary: result.kind === 'rating' ? `平均 ${result.average} 分，${result.answered} 人作答` : `${result.answered} 人作答`,
});

/**
 * 调查结果 (seed 002 §6): the answers in totals, a chart per question, the per-building breakdown,
 * the free-text answers to read (never with who wrote them), and the actions taken against the findings.
 */
Component({
  behaviors: [loadable],
  data: {
    id: '',
    survey: null as ReturnType<typeof surveyRow> | null,
    questions: [] as ReturnType<typeof questionRow>[],
    buildings: [] as SurveyResults['buildings'],
    findings: [] as (SurveyResults['findings'][number] & { when: string })[],
    texts: [] as FreeTextAnswer[],
    textCursor: '',
    actOpen: false,
    act: { finding: '', action: '' },
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    async fetch() {
      if (!this.data.id) return this.fail('没有指定问卷');
      const [results, texts] = await Promise.all([call('survey.results', { id: this.data.id }), call('survey.texts', { id: this.data.id })]);
      this.show(results);
      this.setData({ texts: texts.items, textCursor: texts.cursor ?? '' });
    },
    show(results: SurveyResults) {
      this.setData({
        survey: surveyRow(results.survey),
        questions: results.questions.map(questionRow),
        buildings: results.buildings,
        findings: results.findings.map((finding) => ({ ...finding, when: chinaMinute(finding.at) })),
      });
    },
    async onMoreTexts() {
      const page = await call('survey.texts', { id: this.data.id, cursor: this.data.textCursor });
      this.setData({ texts: [...this.data.texts, ...page.items], textCursor: page.cursor ?? '' });
    },
    onToggleAct() {
      this.setData({ actOpen: !this.data.actOpen, act: { finding: '', action: '' } });
    },
    onActField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'finding' | 'action' }>) {
      this.setData({ [`act.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onSaveAct() {
      const { survey, act } = this.data;
      if (!survey) return;
      await whileBusy(this, 'busy', async () => {
        this.show(await call('survey.act', { id: survey.id, version: survey.version, finding: act.finding.trim(), action: act.action.trim() }));
        this.setData({ actOpen: false, act: { finding: '', action: '' } });
        wx.showToast({ title: '改进措施已登记', icon: 'success' });
      });
    },
    async onClose() {
      const { survey } = this.data;
      if (!survey) return;
      if (!(await confirmModal('结束调查', `结束后业主不能再填写「${survey.title}」，已收回 ${survey.answers} 份。`, '结束调查'))) return;
      await whileBusy(this, 'busy', async () => {
        await call('survey.close', { id: survey.id, version: survey.version });
        wx.showToast({ title: '调查已结束', icon: 'success' });
        await this.load();
      });
    },
  },
});
