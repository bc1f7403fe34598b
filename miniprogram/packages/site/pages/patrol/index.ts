import type { MissedRound, PatrolRound } from '../../../../../typings/site';
import { communityScope } from '../../../../behaviors/community-scope';
import { call } from '../../../../services/api';
import { openExported } from '../../../../services/documents';
import { navigateTo } from '../../../../services/navigation';
import { PATROL_KIND_LABELS } from '../../../../shared/labels';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { whileBusy } from '../../../../utils/busy';

/** A round as the page shows it: each point signed in or not, and what the route allows. */
function roundView(round: PatrolRound) {
  const visited = new Map(round.visits.map((visit) => [visit.checkpointId, visit]));
  return {
    id: round.route.id,
    name: round.route.unitLabel ? `${round.route.name}（${round.route.unitLabel}）` : round.route.name,
    kind: PATROL_KIND_LABELS[round.route.kind],
    progress: `${round.window.label}：已巡 ${round.done} / ${round.total} 个点`,
    complete: round.done === round.total,
    points: round.route.checkpoints.map((point) => {
      const visit = visited.get(point.id);
      return { id: point.id, name: point.name, line: visit ? `${chinaMinute(visit.at)} ${visit.byName}${visit.raised ? ` · 已生成 ${visit.raised.number}` : ''}` : '未巡' };
    }),
    can: canOf(round.route.allowed),
  };
}

const missedView = (missed: MissedRound) => ({ key: `${missed.routeId}-${missed.window.key}`, line: `${missed.window.label} ${missed.routeName}：巡了 ${missed.done} / ${missed.total} 个点` });

/**
 * 园区巡视 (seed 001 五): the community's routes with the round due now, each point signed in or
 * not; missed rounds of the past days for the desk and the manager; the manager sets up routes
 * and prints their QR codes.
 */
Component({
  behaviors: [communityScope],
  data: {
    rounds: [] as ReturnType<typeof roundView>[],
    missed: [] as ReturnType<typeof missedView>[],
    showMissed: false,
    canPlan: false,
    printing: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'tech', 'manager', 'admin'], '园区巡视仅对本小区的客服、维修人员、客服经理和管理员开放'))) return;
      const roles = this.rolesHere();
      const showMissed = roles.some((role) => role !== 'tech');
      const [rounds, missed] = await Promise.all([
        call('patrol.routes', { communityId: this.data.communityId }),
        showMissed ? call('patrol.missed', { communityId: this.data.communityId }) : Promise.resolve([]),
      ]);
      this.setData({
        rounds: rounds.map(roundView),
        missed: missed.map(missedView),
        showMissed,
        canPlan: roles.includes('manager') || roles.includes('admin'),
      });
    },
    onShow() {
      // Back from a round or a route's set-up: show what changed.
      if (this.data.status === 'ready') void this.load();
    },
    communityChanged() {
      void this.load();
    },
    onWalk(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/site/pages/patrol-check/index', { routeId: event.currentTarget.dataset.id });
    },
    onEdit(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/site/pages/patrol-route/index', { communityId: this.data.communityId, id: event.currentTarget.dataset.id });
    },
    onNewRoute() {
      navigateTo('packages/site/pages/patrol-route/index', { communityId: this.data.communityId });
    },
    async onPrint(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const routeId = event.currentTarget.dataset.id;
      await whileBusy(this, 'printing', async () => openExported(await call('patrol.codes', { routeId }), 'pdf'));
    },
    onWorkOrders() {
      navigateTo('packages/site/pages/work-orders/index', { communityId: this.data.communityId });
    },
  },
});
