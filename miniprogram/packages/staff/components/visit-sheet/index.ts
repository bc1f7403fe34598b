/** The return visit (回访): how satisfied the owner is, and what they said. */
import { SATISFACTION_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { sheet } from '../sheet';

const SATISFACTION_OPTIONS = Object.entries(SATISFACTION_LABELS).map(([value, label]) => ({ label, value }));

Component({
  behaviors: [sheet],
  data: { options: SATISFACTION_OPTIONS, satisfaction: 'satisfied', note: '', limit: LIMITS.ticket.visitNote },
  methods: {
    onSubmit() {
      this.answer(checkText(this.data.note, LIMITS.ticket.visitNote, '回访记录'), { satisfaction: this.data.satisfaction, note: this.data.note.trim() });
    },
  },
});
