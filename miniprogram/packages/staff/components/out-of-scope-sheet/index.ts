/** Seed 000 (一) 3: a request outside the property service's remit is closed with why, and where to turn instead. */
import { LIMITS, checkText } from '../../../../shared/limits';
import { confirmModal } from '../../../../utils/dialog';
import { sheet } from '../sheet';

Component({
  behaviors: [sheet],
  data: { explanation: '', channel: '', limits: LIMITS.ticket },
  methods: {
    async onSubmit() {
      const { explanation, channel } = this.data;
      const problem = checkText(explanation, LIMITS.ticket.explanation, '说明') ?? checkText(channel, LIMITS.ticket.channel, '建议渠道');
      if (!problem && !(await confirmModal('非物业服务范围', '工单将以“非物业服务范围”办结，业主会看到您的说明和建议渠道。确认办结？', '确认办结'))) return;
      this.answer(problem, { explanation: explanation.trim(), channel: channel.trim() });
    },
  },
});
