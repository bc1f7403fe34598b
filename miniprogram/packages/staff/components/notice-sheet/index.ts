/** Records that a major complaint was reported to the departments concerned (seed 002 §4: within 1 working day). */
import { LIMITS, checkText } from '../../../../shared/limits';
import { sheet } from '../sheet';

Component({
  behaviors: [sheet],
  data: { departments: '', note: '', limits: LIMITS.ticket },
  methods: {
    onSubmit() {
      const { departments, note } = this.data;
      const problem = checkText(departments, LIMITS.ticket.departments, '通报部门') ?? checkText(note, LIMITS.ticket.noticeNote, '通报情况');
      this.answer(problem, { departments: departments.trim(), note: note.trim() });
    },
  },
});
