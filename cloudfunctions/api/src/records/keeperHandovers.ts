import { z } from 'zod';
import type { KeeperHandover } from '../../../../typings/fileLoans';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { FILE_KEEPERS, inCommunity, onRecord } from '../access';
import { roleHolders } from '../accounts/holders';
import type { Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { findById, updateVersioned } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { cursor, id, text, version } from '../validation';
import { keeperHandoverPolicy, type KeeperHandoverState } from './policy';

/**
 * Seed 002 §2 ¶6 (文件管理人员变动有重要文件交接记录): when the file keeper changes, the outgoing
 * keeper lists the important files handed over and the incoming keeper acknowledges the list;
 * acknowledged, the record stays as it is.
 */
interface KeeperHandoverDocument extends KeeperHandoverState {
  _id: string;
  outgoingOpenid: string;
  outgoingName: string;
  incomingName: string;
  items: { title: string; note: string }[];
  note: string;
  createdAt: Date;
  acknowledged?: { name: string; note: string; at: Date };
  version: number;
}

function toHandover(doc: KeeperHandoverDocument, viewer: Viewer, now: Date): KeeperHandover {
  return {
    id: doc._id,
    communityId: doc.communityId,
    outgoingName: doc.outgoingName,
    incomingName: doc.incomingName,
    items: doc.items,
    note: doc.note,
    createdAt: new Date(doc.createdAt).toISOString(),
    status: doc.status,
    ...(doc.acknowledged ? { acknowledged: { name: doc.acknowledged.name, at: new Date(doc.acknowledged.at).toISOString(), ...(doc.acknowledged.note ? { note: doc.acknowledged.note } : {}) } } : {}),
    version: doc.version,
    allowed: allowedActions(keeperHandoverPolicy, doc, viewer, now),
  };
}

async function loadHandover(handoverId: string): Promise<KeeperHandoverDocument> {
  const found = await findById<KeeperHandoverDocument>('keeperHandovers', handoverId);
  if (!found) throw notFound('交接记录不存在');
  return found;
}

const handovers = { policy: keeperHandoverPolicy, load: loadHandover, versionOf: (doc: KeeperHandoverDocument) => doc.version, stale: '交接记录已被他人更新，请刷新后重试' };

const limits = LIMITS.keeperHandover;
const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/** The community's file keepers other than the caller. */
async function otherKeepers(communityId: string, openid: string): Promise<{ openid: string; name: string }[]> {
  const holders = await roleHolders({ communityId }, 'infokeeper');
  return holders.filter((holder) => holder._id !== openid).map((holder) => ({ openid: holder._id, name: holder.staffName || '档案管理员' }));
}

export const listKeepers: Route<'keeperHandover.keepers'> = {
  access: inCommunity(['infokeeper'], (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }, { caller }) {
    return otherKeepers(communityId, caller.openid);
  },
};

export const createKeeperHandover: Route<'keeperHandover.create'> = {
  access: inCommunity(['infokeeper'], (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    incomingOpenid: z.string().min(1).max(64),
    items: z
      .array(z.strictObject({ title: text(...limits.itemTitle), note: text(...limits.itemNote) }))
      .min(1, '请列出交接的重要文件')
      .max(COUNTS.handoverItems, `最多列出 ${COUNTS.handoverItems} 项`),
    note: text(...limits.note),
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const incoming = (await otherKeepers(input.communityId, caller.openid)).find((keeper) => keeper.openid === input.incomingOpenid);
    if (!incoming) throw new AppError('VALIDATION', '接收人须是本小区的另一位档案管理员');
    await assertSafeText(caller.openid, [...input.items.flatMap((item) => [item.title, item.note]), input.note].filter(Boolean).join('\n'));
    const idempotent = requestOf(request);
    const outgoingName = await staffName(caller);
    const viewer = await caller.viewer();
    return atomically(['keeperHandovers', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<KeeperHandover>(transaction);
      if (earlier) return earlier;
      const doc: KeeperHandoverDocument = {
        _id: idempotent.idFor('k'),
        communityId: input.communityId,
        status: 'open',
        outgoingOpenid: caller.openid,
        outgoingName,
        incomingOpenid: incoming.openid,
        incomingName: incoming.name,
        items: input.items,
        note: input.note,
        createdAt: now,
        version: 1,
      };
      await transaction.insert('keeperHandovers', { ...doc });
      return idempotent.finish(transaction, toHandover(doc, viewer, now));
    });
  },
};

export const acknowledgeKeeperHandover: Route<'keeperHandover.acknowledge'> = onRecord(handovers, {
  actions: ['acknowledge'],
  input: z.strictObject({ id, version, note: text(...limits.note) }),
  async handle(input, { caller, now, record: doc }) {
    if (input.note) await assertSafeText(caller.openid, input.note);
    const acknowledged = { name: await staffName(caller), note: input.note, at: now };
    if (!(await updateVersioned('keeperHandovers', doc._id, input.version, { status: 'acknowledged', acknowledged }))) throw conflict(handovers.stale);
    return toHandover(await loadHandover(doc._id), await caller.viewer(), now);
  },
});

export const listKeeperHandovers: Route<'keeperHandover.list'> = {
  access: inCommunity(FILE_KEEPERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    return newestFirst<KeeperHandoverDocument, KeeperHandover>('keeperHandovers', { communityId }, 'createdAt', after, 20, (doc) => toHandover(doc, viewer, now));
  },
};
