import { z } from 'zod';
import type { Department, WorkOrder } from '../../../../typings/site';
import { DEPARTMENT_LABELS } from '../../../../miniprogram/shared/labels';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { TICKET_STAFF, inCommunity, onRecord } from '../access';
import { assertSafeText } from '../contentCheck';
import { findById, updateVersioned } from '../db';
import { conflict, notFound } from '../errors';
import { newestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { Route } from '../router';
import { cursor, id, text, version } from '../validation';
import { workOrderPolicy, type WorkOrderState } from './policy';

/**
 * 内部工作联系单 (seed 001 五): what a patrol finds that is the service centre's own work — litter,
 * a dead shrub, a blocked fire lane — goes to the department as a numbered order, recorded done.
 */
export const DEPARTMENTS = Object.keys(DEPARTMENT_LABELS) as [Department, ...Department[]];

export interface WorkOrderDocument extends WorkOrderState {
  _id: string;
  number: string;
  department: Department;
  description: string;
  photos: string[];
  source: string;
  raisedBy: string;
  raisedByName: string;
  raisedAt: Date;
  doneByName?: string;
  doneAt?: Date;
  doneNote?: string;
  version: number;
}

function toWorkOrder(doc: WorkOrderDocument, viewer: Viewer, now: Date): WorkOrder {
  return {
    id: doc._id,
    communityId: doc.communityId,
    number: doc.number,
    department: doc.department,
    description: doc.description,
    photos: doc.photos,
    source: doc.source,
    status: doc.status,
    raisedByName: doc.raisedByName,
    raisedAt: new Date(doc.raisedAt).toISOString(),
    ...(doc.doneAt ? { doneByName: doc.doneByName ?? '', doneAt: new Date(doc.doneAt).toISOString(), doneNote: doc.doneNote ?? '' } : {}),
    version: doc.version,
    allowed: allowedActions(workOrderPolicy, doc, viewer, now),
  };
}

async function loadWorkOrder(orderId: string): Promise<WorkOrderDocument> {
  const found = await findById<WorkOrderDocument>('workOrders', orderId);
  if (!found) throw notFound('联系单不存在');
  return found;
}

const orders = { policy: workOrderPolicy, load: loadWorkOrder, versionOf: (doc: WorkOrderDocument) => doc.version, stale: '联系单已被他人更新，请刷新后重试' };

export const listWorkOrders: Route<'workOrder.list'> = {
  access: inCommunity(TICKET_STAFF, (input) => input.communityId),
  input: z.strictObject({ communityId: id, status: z.enum(['open', 'done']).optional(), cursor }),
  async handle({ communityId, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    return newestFirst<WorkOrderDocument, WorkOrder>('workOrders', { communityId, ...(status ? { status } : {}) }, 'raisedAt', after, 20, (doc) => toWorkOrder(doc, viewer, now));
  },
};

export const completeWorkOrder: Route<'workOrder.complete'> = onRecord(orders, {
  actions: ['complete'],
  input: z.strictObject({ id, version, note: text(...LIMITS.patrol.doneNote) }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, input.note);
    const name = (await caller.account())?.staffName || '物业人员';
    if (!(await updateVersioned('workOrders', doc._id, input.version, { status: 'done', doneByName: name, doneAt: now, doneNote: input.note }))) throw conflict(orders.stale);
    return toWorkOrder(await loadWorkOrder(doc._id), await caller.viewer(), now);
  },
});
