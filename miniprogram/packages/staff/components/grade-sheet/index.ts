/** Grades a complaint by nature and severity (一般 / 较重 / 重大) and flags group and repeat complaints. */
import { GRADE_LABELS } from '../../../../shared/labels';
import { sheet } from '../sheet';

const GRADE_OPTIONS = Object.entries(GRADE_LABELS).map(([value, label]) => ({ label, value }));

Component({
  behaviors: [sheet],
  properties: {
    /** The grade and flags the complaint has now, to start from. */
    grade: { type: String, value: '' },
    group: { type: Boolean, value: false },
    repeat: { type: Boolean, value: false },
  },
  data: { options: GRADE_OPTIONS, value: 'general', groupValue: false, repeatValue: false },
  lifetimes: {
    attached() {
      this.setData({ value: this.data.grade || 'general', groupValue: this.data.group, repeatValue: this.data.repeat });
    },
  },
  methods: {
    onSubmit() {
      this.answer(undefined, { grade: this.data.value, group: this.data.groupValue, repeat: this.data.repeatValue });
    },
  },
});
