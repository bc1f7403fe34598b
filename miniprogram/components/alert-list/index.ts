/**
 * Alerts and whom they reached (企业微信群：已发到群；王师傅：未授权订阅). One that had to reach
 * someone and reached nobody is marked 未送达, with how it was followed up once a manager did.
 */
import type { Alert } from '../../../typings/alerts';
import { ALERT_KIND_LABELS, DELIVERY_OUTCOME_LABELS } from '../../shared/labels';
import { chinaMinute } from '../../shared/time';

interface AlertRow {
  id: string;
  title: string;
  subject: string;
  when: string;
  deliveries: string;
  unreached: boolean;
  followUp: string;
}

function rowOf(alert: Alert): AlertRow {
  const deliveries = alert.deliveries.map((delivery) => `${delivery.to}：${DELIVERY_OUTCOME_LABELS[delivery.outcome]}${delivery.detail ? `（${delivery.detail}）` : ''}`);
  return {
    id: alert.id,
    title: ALERT_KIND_LABELS[alert.kind],
    subject: `${alert.subject.number} ${alert.subject.title}`,
    when: chinaMinute(alert.at),
    deliveries: deliveries.length ? deliveries.join('；') : '没有可以提醒的人（本小区无此岗位）',
    unreached: alert.unreached,
    followUp: alert.acknowledged ? `${alert.acknowledged.name}已跟进：${alert.acknowledged.note}` : '',
  };
}

Component({
  properties: {
    alerts: { type: Array, value: [] as Alert[] },
    /** Show what each alert was about (the manager's list), not only on the ticket itself. */
    showSubject: { type: Boolean, value: false },
    /** Offer 已跟进 on unreached alerts not yet followed up. */
    canFollowUp: { type: Boolean, value: false },
  },
  data: { rows: [] as AlertRow[] },
  observers: {
    alerts(alerts: Alert[]) {
      this.setData({ rows: (alerts ?? []).map(rowOf) });
    },
  },
  methods: {
    onFollowUp(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.triggerEvent('followup', { id: event.currentTarget.dataset.id });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.triggerEvent('open', { id: event.currentTarget.dataset.id });
    },
  },
});
