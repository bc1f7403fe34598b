/**
 * When a ticket's next deadline falls, in China time whatever the phone's zone: to owners as a
 * promise (预计 … 前处理, 已超时 once it passed), to staff as the deadline they work to.
 */
import { chinaMinute } from '../../shared/time';

Component({
  options: { virtualHost: true },
  properties: {
    /** The deadline as an ISO instant; empty when nothing is due. */
    due: { type: String, value: '' },
    overdue: { type: Boolean, value: false },
    /** `promise` for owners, `deadline` for staff lists. */
    look: { type: String, value: 'promise' },
  },
  data: { at: '' },
  observers: {
    due(due: string) {
      this.setData({ at: chinaMinute(due || undefined) });
    },
  },
});
