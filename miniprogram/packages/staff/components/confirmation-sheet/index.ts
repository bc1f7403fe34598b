/**
 * The owner's confirmation given to the desk (seed 001 四 维修4): how it came (phone, intercom,
 * visit), who answered and what they said, recorded so the ticket can be closed.
 */
import { CONFIRMATION_SOURCE_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { sheet } from '../sheet';

const CHANNEL_OPTIONS = (['phone', 'intercom', 'visit'] as const).map((value) => ({ label: CONFIRMATION_SOURCE_LABELS[value], value }));

Component({
  behaviors: [sheet],
  data: { options: CHANNEL_OPTIONS, channel: 'phone', answeredBy: '', said: '', limit: LIMITS.ticket.confirmationSaid, answeredByMax: LIMITS.ticket.answeredBy[1] },
  methods: {
    onSubmit() {
      const problem = checkText(this.data.answeredBy, LIMITS.ticket.answeredBy, '接听人') ?? checkText(this.data.said, LIMITS.ticket.confirmationSaid, '业主的原话');
      this.answer(problem, { channel: this.data.channel, answeredBy: this.data.answeredBy.trim(), said: this.data.said.trim() });
    },
  },
});
