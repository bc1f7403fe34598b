import { z } from 'zod';
import type { FireCheck, Shop, ShopDetail, ShopFields } from '../../../../typings/contracts';
import { FIRE_CHECK_ITEMS } from '../../../../miniprogram/shared/labels';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { addDays } from '../../../../miniprogram/shared/billing';
import { RECORDS_DESK, inCommunity, onRecord } from '../access';
import type { Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, updateVersioned, type Where } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { requestOf } from '../idempotency';
import { earliestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { calendarDate, cursor, id, text, version } from '../validation';
import { startOf, today } from './dates';
import { shopPolicy, type ShopState } from './policy';

/**
 * Seed 002 §8: the shops (商铺) of a community registered with their tenant, business and licences
 * (商铺手续齐全，并有登记管理), and the regular check of their fire facilities (建立和落实定期检查消防设施的制度):
 * every shop is due for a check a set number of days after its last one (or its registration);
 * due and overdue checks are listed and counted on the workbench, and a failed check names what
 * the tenant must put right.
 */
interface ShopDocument extends ShopState, ShopFields {
  _id: string;
  registeredOn: string;
  registeredAt: Date;
  registeredBy: string;
  nextCheckOn: string;
  /** `nextCheckOn`'s first instant: the list's sort key. */
  nextCheckAt: Date;
  lastCheck?: { checkedOn: string; result: FireCheck['result'] };
  closed?: { name: string; note: string; at: Date };
  version: number;
}

interface FireCheckDocument extends Omit<FireCheck, 'id' | 'recordedAt'> {
  _id: string;
  shopId: string;
  communityId: string;
  checkedBy: string;
  recordedAt: Date;
}

function toShop(doc: ShopDocument, viewer: Viewer, now: Date): Shop {
  const day = today(now);
  const open = doc.status === 'open';
  return {
    id: doc._id,
    communityId: doc.communityId,
    name: doc.name,
    tenant: doc.tenant,
    business: doc.business,
    licences: doc.licences,
    fireCheckEveryDays: doc.fireCheckEveryDays,
    status: doc.status,
    nextCheckOn: doc.nextCheckOn,
    checkDue: open && doc.nextCheckOn <= day,
    checkOverdue: open && doc.nextCheckOn < day,
    ...(doc.lastCheck ? { lastCheck: doc.lastCheck } : {}),
    expiredLicences: doc.licences.filter((licence) => licence.expiresOn < day).map((licence) => licence.name),
    registeredAt: new Date(doc.registeredAt).toISOString(),
    version: doc.version,
    allowed: allowedActions(shopPolicy, doc, viewer, now),
  };
}

const toCheck = (doc: FireCheckDocument): FireCheck => ({
  id: doc._id,
  checkedOn: doc.checkedOn,
  items: doc.items,
  result: doc.result,
  followUp: doc.followUp,
  note: doc.note,
  checkedByName: doc.checkedByName,
  recordedAt: new Date(doc.recordedAt).toISOString(),
});

async function loadShop(shopId: string): Promise<ShopDocument> {
  const found = await findById<ShopDocument>('shops', shopId);
  if (!found) throw notFound('商铺不存在');
  return found;
}

const shops = { policy: shopPolicy, load: loadShop, versionOf: (doc: ShopDocument) => doc.version, stale: '商铺信息已被他人更新，请刷新后重试' };

const limits = LIMITS.shop;
const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

const fields = {
  name: text(...limits.name),
  tenant: text(...limits.tenant),
  business: text(...limits.business),
  licences: z
    .array(z.strictObject({ name: text(...limits.licenceName), number: text(...limits.licenceNumber), expiresOn: calendarDate }))
    .max(COUNTS.licences, `最多登记 ${COUNTS.licences} 个证照`),
  fireCheckEveryDays: z.number().int('检查周期须为整天').min(1, '检查周期至少 1 天').max(COUNTS.fireCheckMaxDays, `检查周期最长 ${COUNTS.fireCheckMaxDays} 天`),
};

const shopFields = (input: ShopFields): ShopFields => ({ name: input.name, tenant: input.tenant, business: input.business, licences: input.licences, fireCheckEveryDays: input.fireCheckEveryDays });

/** The next check falls this many days after the last one, or after registration before any. */
const nextCheck = (from: string, everyDays: number): { nextCheckOn: string; nextCheckAt: Date } => {
  const nextCheckOn = addDays(from, everyDays);
  return { nextCheckOn, nextCheckAt: startOf(nextCheckOn) };
};

const checkWords = (input: ShopFields): string => [input.name, input.tenant, input.business, ...input.licences.map((licence) => licence.name)].join('\n');

export const createShop: Route<'shop.create'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, ...fields }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    await assertSafeText(caller.openid, checkWords(input));
    const idempotent = requestOf(request);
    const viewer = await caller.viewer();
    return atomically(['shops', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<Shop>(transaction);
      if (earlier) return earlier;
      const registeredOn = today(now);
      const doc: ShopDocument = {
        _id: idempotent.idFor('s'),
        communityId: input.communityId,
        ...shopFields(input),
        status: 'open',
        registeredOn,
        registeredAt: now,
        registeredBy: caller.openid,
        ...nextCheck(registeredOn, input.fireCheckEveryDays),
        version: 1,
      };
      await transaction.insert('shops', { ...doc });
      return idempotent.finish(transaction, toShop(doc, viewer, now));
    });
  },
};

export const updateShop: Route<'shop.update'> = onRecord(shops, {
  actions: ['update'],
  input: z.strictObject({ id, version, ...fields }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, checkWords(input));
    const schedule = nextCheck(doc.lastCheck?.checkedOn ?? doc.registeredOn, input.fireCheckEveryDays);
    if (!(await updateVersioned('shops', doc._id, input.version, { ...shopFields(input), ...schedule }))) throw conflict(shops.stale);
    return toShop(await loadShop(doc._id), await caller.viewer(), now);
  },
});

const CHECKS_SHOWN = 50;

async function detailOf(doc: ShopDocument, viewer: Viewer, now: Date): Promise<ShopDetail> {
  const checks = await find<FireCheckDocument>('fireChecks', { shopId: doc._id }, { orderBy: [['checkedOn', 'desc'], ['recordedAt', 'desc']], limit: CHECKS_SHOWN });
  return { ...toShop(doc, viewer, now), checks: checks.map(toCheck) };
}

export const recordFireCheck: Route<'shop.recordCheck'> = onRecord(shops, {
  actions: ['recordCheck'],
  idempotent: true,
  input: z.strictObject({
    id,
    version,
    checkedOn: calendarDate,
    items: z
      .array(z.enum(FIRE_CHECK_ITEMS))
      .min(1, '请勾选检查的项目')
      .max(FIRE_CHECK_ITEMS.length),
    result: z.enum(['pass', 'fail']),
    followUp: text(0, limits.followUp[1]),
    note: text(...limits.note),
  }),
  async handle(input, { caller, now, record: doc, request }) {
    if (input.checkedOn > today(now)) throw new AppError('VALIDATION', '检查日期不能晚于今天');
    if (input.result === 'fail' && input.followUp.length < limits.followUp[0]) throw new AppError('VALIDATION', '检查不合格，请写明整改要求和复查安排');
    const words = [input.followUp, input.note].filter(Boolean).join('\n');
    if (words) await assertSafeText(caller.openid, words);
    const idempotent = requestOf(request);
    const checkedByName = await staffName(caller);
    const viewer = await caller.viewer();
    const result = await atomically(['shops', 'fireChecks', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<{ shopId: string }>(transaction);
      if (earlier) return earlier;
      const shop = await transaction.get<ShopDocument>('shops', doc._id);
      if (!shop || shop.version !== input.version) throw conflict(shops.stale);
      const check: FireCheckDocument = {
        _id: idempotent.idFor('f'),
        shopId: doc._id,
        communityId: doc.communityId,
        checkedOn: input.checkedOn,
        items: [...new Set(input.items)],
        result: input.result,
        followUp: input.followUp,
        note: input.note,
        checkedBy: caller.openid,
        checkedByName,
        recordedAt: now,
      };
      await transaction.insert('fireChecks', { ...check });
      // A check entered late for an earlier day does not move the schedule back.
      const latest = shop.lastCheck && shop.lastCheck.checkedOn > input.checkedOn ? shop.lastCheck : { checkedOn: input.checkedOn, result: input.result };
      await transaction.update('shops', doc._id, { lastCheck: latest, ...nextCheck(latest.checkedOn, shop.fireCheckEveryDays), version: shop.version + 1 });
      return idempotent.finish(transaction, { shopId: doc._id });
    });
    return detailOf(await loadShop(result.shopId), viewer, now);
  },
});

export const closeShop: Route<'shop.close'> = onRecord(shops, {
  actions: ['close'],
  input: z.strictObject({ id, version, note: text(...limits.closeNote) }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, input.note);
    const closed = { name: await staffName(caller), note: input.note, at: now };
    if (!(await updateVersioned('shops', doc._id, input.version, { status: 'closed', closed }))) throw conflict(shops.stale);
    return toShop(await loadShop(doc._id), await caller.viewer(), now);
  },
});

/** Open shops whose fire check is due today or overdue: what the workbench counts. */
export const fireChecksDueWhere = (communityId: string, now: Date): Where => ({ communityId, status: 'open', nextCheckOn: command().lte(today(now)) });

export const listShops: Route<'shop.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, filter: z.enum(['all', 'due']), cursor }),
  async handle({ communityId, filter, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const where = filter === 'due' ? fireChecksDueWhere(communityId, now) : { communityId };
    return earliestFirst<ShopDocument, Shop>('shops', where, 'nextCheckAt', after, 20, (doc) => toShop(doc, viewer, now));
  },
};

export const getShop: Route<'shop.get'> = {
  access: inCommunity(RECORDS_DESK, async (input) => (await loadShop(input.id)).communityId),
  input: z.strictObject({ id }),
  async handle({ id: shopId }, { caller, now }) {
    return detailOf(await loadShop(shopId), await caller.viewer(), now);
  },
};
