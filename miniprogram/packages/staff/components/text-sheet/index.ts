/**
 * A sheet that asks for one text (a reply, a resolution, a reason, an inspection's follow-up):
 * optional ready-made texts to start from — `append` adds a standard phrase to what is typed,
 * `pick` replaces it with a common reason — and an optional confirmation before it is sent.
 * Answers `{ [field]: text, ...extra }`, so the page can send it as the step's fields.
 */
import { checkText } from '../../../../shared/limits';
import { confirmModal } from '../../../../utils/dialog';
import { sheet } from '../sheet';

export interface SheetConfirm {
  title: string;
  content: string;
  confirmText: string;
}

Component({
  behaviors: [sheet],
  properties: {
    title: { type: String, value: '' },
    hint: { type: String, value: '' },
    placeholder: { type: String, value: '' },
    /** The cloud's limit, and what the text is called in the sentence refusing it. */
    limit: { type: Array, value: [0, 500] },
    what: { type: String, value: '' },
    choices: { type: Array, value: [] },
    choiceMode: { type: String, value: 'append' },
    /** The name of the text in the answer, and what else the answer carries. */
    field: { type: String, value: 'text' },
    extra: { type: Object, value: {} },
    confirm: { type: Object, value: null },
    fieldId: { type: String, value: 'sheet-text' },
    submitId: { type: String, value: 'sheet-submit' },
    submitText: { type: String, value: '确定' },
    submitTheme: { type: String, value: 'primary' },
  },
  data: { text: '' },
  methods: {
    onChoice(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { choice: string }>) {
      const choice = event.currentTarget.dataset.choice;
      this.setData({ text: this.data.choiceMode === 'pick' ? choice : `${this.data.text}${choice}` });
    },
    async onSubmit() {
      const problem = checkText(this.data.text, this.data.limit, this.data.what);
      const confirm = this.data.confirm as SheetConfirm | null;
      if (!problem && confirm && !(await confirmModal(confirm.title, confirm.content, confirm.confirmText))) return;
      this.answer(problem, { ...this.data.extra, [this.data.field]: this.data.text.trim() });
    },
  },
});
