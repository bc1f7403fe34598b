import type { PatrolKind, PatrolRoute } from '../../../../../typings/site';
import { communityScope } from '../../../../behaviors/community-scope';
import { call, newRequestId } from '../../../../services/api';
import { openExported } from '../../../../services/documents';
import { PATROL_DEFAULT_ITEMS, PATROL_KIND_LABELS } from '../../../../shared/labels';
import { COUNTS, LIMITS } from '../../../../shared/limits';
import { whileBusy } from '../../../../utils/busy';
import { freshRequest } from '../../../../behaviors/fresh-request';

interface PointDraft {
  key: string;
  id?: string;
  name: string;
  /** One item per line. */
  items: string;
}

const KIND_OPTIONS = (Object.keys(PATROL_KIND_LABELS) as PatrolKind[]).map((value) => ({ value, label: `${PATROL_KIND_LABELS[value].label}（${PATROL_KIND_LABELS[value].schedule}）` }));

let drafts = 0;
const newPoint = (kind: PatrolKind, point?: { id: string; name: string; items: string[] }): PointDraft => ({
  key: `p${(drafts += 1)}`,
  ...(point ? { id: point.id, name: point.name } : { name: '' }),
  items: (point?.items ?? PATROL_DEFAULT_ITEMS[kind]).join('\n'),
});

/**
 * A patrol route's set-up (seed 001 五: a planned route): its kind, the vacant home it covers,
 * its checkpoints in walking order with what each checks. A kept point keeps its printed code.
 */
Component({
  behaviors: [communityScope, freshRequest],
  data: {
    routeId: '',
    version: 0,
    name: '',
    kind: 'site' as PatrolKind,
    unitId: '',
    unitLabel: '',
    points: [] as PointDraft[],
    kindOptions: KIND_OPTIONS,
    limits: LIMITS.patrol,
    maxPoints: COUNTS.patrolCheckpoints,
    saving: false,
    printing: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '', routeId: query.id ?? '' });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['manager', 'admin'], '巡视路线由客服经理和管理员设置'))) return;
      if (!this.data.routeId) {
        if (!this.data.points.length) this.setData({ points: [newPoint('site')] });
        return;
      }
      const { route } = await call('patrol.round', { routeId: this.data.routeId });
      this.showRoute(route);
    },
    showRoute(route: PatrolRoute) {
      this.setData({
        routeId: route.id,
        version: route.version,
        name: route.name,
        kind: route.kind,
        unitId: route.unitId ?? '',
        unitLabel: route.unitLabel ?? '',
        points: route.checkpoints.map((point) => newPoint(route.kind, point)),
      });
    },
    communityChanged() {
      this.setData({ unitId: '', unitLabel: '' });
    },
    communityLocked() {
      return Boolean(this.data.routeId);
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'name' | 'kind' }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string; label: string }>) {
      this.setData({ unitId: event.detail.unitId, unitLabel: event.detail.label });
    },
    onPoint(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number; field: 'name' | 'items' }>) {
      const { index, field } = event.currentTarget.dataset;
      this.setData({ [`points[${index}].${field}`]: event.detail.value });
    },
    onAddPoint() {
      this.setData({ points: [...this.data.points, newPoint(this.data.kind)] });
    },
    onRemovePoint(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const points = this.data.points.filter((_, index) => index !== event.currentTarget.dataset.index);
      this.setData({ points });
    },
    async onSave() {
      const { communityId, routeId, version, name, kind, unitId, points, requestId } = this.data;
      await whileBusy(this, 'saving', async () => {
        const route = await call(
          'patrol.saveRoute',
          {
            communityId,
            ...(routeId ? { id: routeId, version } : {}),
            name: name.trim(),
            kind,
            ...(kind === 'vacant' && unitId ? { unitId } : {}),
            checkpoints: points.map((point) => ({
              ...(point.id ? { id: point.id } : {}),
              name: point.name.trim(),
              items: point.items.split('\n').map((item) => item.trim()).filter(Boolean),
            })),
          },
          { requestId },
        );
        this.showRoute(route);
        this.setData({ requestId: newRequestId() });
        wx.showToast({ title: '路线已保存', icon: 'success' });
      });
    },
    async onPrint() {
      await whileBusy(this, 'printing', async () => openExported(await call('patrol.codes', { routeId: this.data.routeId }), 'pdf'));
    },
  },
});
