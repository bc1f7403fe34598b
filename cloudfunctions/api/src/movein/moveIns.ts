import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AcceptanceRoom, Defect, MeterReadings, MoveInDocument as MoveInDocumentCode, MoveInRecord, MoveInRow, MoveInStatus } from '../../../../typings/movein';
import { TICKET_STATUS_LABELS } from '../../../../miniprogram/shared/labels';
import { METER_READING, MOVE_IN_COUNTS, MOVE_IN_LIMITS } from '../../../../miniprogram/shared/movein';
import { RECORDS_DESK, TICKET_DESK, anyone, inCommunity, onRecord } from '../access';
import { asResident, holdsAny, type Caller } from '../caller';
import { loadCommunity } from '../communities/communities';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, find, findById } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { assertOwnFiles, storeExport, temporaryUrls } from '../files';
import { createOnce, requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { allowedActions, enforce, type Viewer } from '../policy';
import { maskName } from '../privacy/masking';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { prepareTicket, type NewTicket } from '../tickets/intake';
import { nextStep, type TicketDocument } from '../tickets/model';
import { atomically } from '../transaction';
import { cursor, fileId, id, text, version } from '../validation';
import { acceptancePdf } from './acceptancePdf';
import { signaturesOf, toSignature } from './agreements';
import { moveInPolicy } from './policy';

/**
 * Seed 002 §10 入住办理 (a move-in procedure carried out, the delivery acceptance kept complete) and
 * 001 三(一)1 (入伙通知书 … 入住验收文件 in the customer file): the desk records a home's move-in —
 * documents received, keys handed over, meter readings — and its delivery acceptance room by room,
 * with defects and their photos. The home's verified owner confirms it once in the mini-program;
 * each defect then becomes a repair ticket marked 开发商保修, which the desk works as any other, and
 * the owner follows it from the move-in record.
 */

export interface DefectDocument {
  id: string;
  room: string;
  item: string;
  description: string;
  photos: string[];
  ticketId?: string;
}

export interface MoveInDocument {
  _id: string;
  communityId: string;
  unitId: string;
  unitLabel: string;
  /** The verified owner the home is handed to (their binding when recorded). */
  ownerOpenid: string;
  ownerName: string;
  ownerPhone: string;
  documents: MoveInDocumentCode[];
  keys: { sets: number; note: string };
  meters: MeterReadings;
  rooms: AcceptanceRoom[];
  defects: DefectDocument[];
  status: MoveInStatus;
  signature?: { method: 'miniprogram'; byOpenid: string; byName: string; at: Date };
  recordedBy: string;
  recordedByName: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

type LoadedMoveIn = MoveInDocument & { ownerOpenids: string[] };

/** The verified owners of a home: who may read, confirm and print its move-in record. */
async function ownersOf(unitId: string): Promise<BindingDocument[]> {
  return find<BindingDocument>('bindings', { unitId, status: 'approved', relation: 'owner' }, { limit: 20 });
}

async function loadMoveIn(moveInId: string): Promise<LoadedMoveIn> {
  const found = await findById<MoveInDocument>('moveIns', moveInId);
  if (!found) throw notFound('入住记录不存在');
  return { ...found, ownerOpenids: (await ownersOf(found.unitId)).map((binding) => binding.openid) };
}

const moveIns = { policy: moveInPolicy, load: loadMoveIn, versionOf: (doc: LoadedMoveIn) => doc.version, stale: '入住记录已被他人更新，请刷新后重试' };

const iso = (value: Date): string => new Date(value).toISOString();

/** Whether the viewer reads the record as its owner (names in full) rather than as staff (masked). */
const readsAsOwner = (doc: LoadedMoveIn, viewer: Viewer): boolean => doc.ownerOpenids.includes(viewer.openid) && !holdsAny(viewer.grants, RECORDS_DESK, doc.communityId);

async function toRecord(doc: LoadedMoveIn, viewer: Viewer, now: Date): Promise<MoveInRecord> {
  const ticketIds = doc.defects.map((defect) => defect.ticketId).filter((ticketId): ticketId is string => Boolean(ticketId));
  const [tickets, signatures, urls] = await Promise.all([
    ticketIds.length ? find<TicketDocument>('tickets', { _id: command().in(ticketIds) }, { limit: MOVE_IN_COUNTS.defects }) : Promise.resolve([]),
    signaturesOf(doc.unitId),
    temporaryUrls(
      doc.defects.flatMap((defect) => defect.photos),
      3600,
    ),
  ]);
  const owner = readsAsOwner(doc, viewer);
  let photoIndex = 0;
  const defects: Defect[] = doc.defects.map((defect) => {
    const ticket = tickets.find((candidate) => candidate._id === defect.ticketId);
    const photoUrls = urls.slice(photoIndex, photoIndex + defect.photos.length);
    photoIndex += defect.photos.length;
    return {
      id: defect.id,
      room: defect.room,
      item: defect.item,
      description: defect.description,
      photos: defect.photos,
      photoUrls,
      ...(ticket ? { ticket: { id: ticket._id, number: ticket.number, status: TICKET_STATUS_LABELS[ticket.status], nextStep: nextStep(ticket) } } : {}),
    };
  });
  return {
    id: doc._id,
    communityId: doc.communityId,
    unitId: doc.unitId,
    unitLabel: doc.unitLabel,
    ownerName: owner ? doc.ownerName : maskName(doc.ownerName),
    documents: doc.documents,
    keys: doc.keys,
    meters: doc.meters,
    rooms: doc.rooms,
    defects,
    status: doc.status,
    ...(doc.signature ? { signature: { method: doc.signature.method, byName: owner ? doc.signature.byName : maskName(doc.signature.byName), at: iso(doc.signature.at) } } : {}),
    agreements: signatures.map((signature) => toSignature(signature, viewer.openid)),
    recordedByName: doc.recordedByName,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
    version: doc.version,
    allowed: allowedActions(moveInPolicy, doc, viewer, now),
  };
}

const toRow = (doc: MoveInDocument): MoveInRow => ({
  id: doc._id,
  unitId: doc.unitId,
  unitLabel: doc.unitLabel,
  ownerName: maskName(doc.ownerName),
  status: doc.status,
  defects: doc.defects.length,
  createdAt: iso(doc.createdAt),
  ...(doc.signature ? { signedAt: iso(doc.signature.at) } : {}),
});

const defectInput = z.strictObject({
  id: z.string().regex(/^d[0-9a-f]{1,23}$/, '编号格式不正确').optional(),
  room: text(1, 20),
  item: text(...MOVE_IN_LIMITS.defectItem),
  description: text(...MOVE_IN_LIMITS.defectDescription),
  photos: z.array(fileId).max(MOVE_IN_COUNTS.defectPhotos, `每项问题最多 ${MOVE_IN_COUNTS.defectPhotos} 张照片`),
});

const meter = z.string().trim().max(MOVE_IN_LIMITS.meter[1]).regex(METER_READING, '读数只能是数字，最多两位小数');

const moveInFields = {
  documents: z.array(z.enum(['notice', 'proxy', 'id-copy', 'photo', 'registration', 'service-agreement'])).max(6),
  keys: z.strictObject({ sets: z.number().int().min(0).max(MOVE_IN_COUNTS.keySets, `最多 ${MOVE_IN_COUNTS.keySets} 套`), note: text(...MOVE_IN_LIMITS.keysNote) }),
  meters: z.strictObject({ water: meter, electricity: meter, gas: meter }),
  rooms: z
    .array(z.strictObject({ room: text(1, 20), items: z.array(z.strictObject({ name: text(1, 20), ok: z.boolean() })).max(MOVE_IN_COUNTS.itemsPerRoom) }))
    .max(MOVE_IN_COUNTS.rooms),
  defects: z.array(defectInput).max(MOVE_IN_COUNTS.defects, `最多登记 ${MOVE_IN_COUNTS.defects} 项问题`),
};

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/** A new defect's id, the same on every run of the request that added it. */
const defectId = (seed: string, index: number): string => `d${createHash('sha256').update(`${seed}\u0000${index}`).digest('hex').slice(0, 23)}`;

function checkDefects(defects: z.infer<typeof defectInput>[], kept: DefectDocument[], caller: Caller): void {
  for (const defect of defects) {
    if (defect.id && !kept.some((old) => old.id === defect.id)) throw new AppError('VALIDATION', '问题记录不存在，请刷新后重试');
    const old = kept.find((candidate) => candidate.id === defect.id);
    // Photos already on the record stay; new ones must be the recorder's own uploads.
    assertOwnFiles(
      caller,
      defect.photos.filter((photo) => !old?.photos.includes(photo)),
    );
  }
}

export const saveMoveIn: Route<'movein.save'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, unitId: id, id: id.optional(), version: version.optional(), ...moveInFields }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const unit = await loadUnit(input.unitId);
    if (unit.communityId !== input.communityId) throw notFound('房屋不存在，请重新选择');
    await assertSafeText(caller.openid, [input.keys.note, ...input.defects.flatMap((defect) => [defect.room, defect.item, defect.description])].join('\n'));
    const viewer = await caller.viewer();
    const idempotent = requestOf(request);
    const fields = { documents: [...new Set(input.documents)], keys: input.keys, meters: input.meters, rooms: input.rooms, updatedAt: now };
    if (input.id) {
      const doc = await loadMoveIn(input.id);
      if (doc.communityId !== input.communityId || doc.unitId !== input.unitId) throw notFound('入住记录不存在');
      enforce(moveInPolicy, 'edit', doc, viewer, now);
      checkDefects(input.defects, doc.defects, caller);
      const defects: DefectDocument[] = input.defects.map((defect, index) => ({
        id: defect.id ?? defectId(idempotent.idFor('d'), index),
        room: defect.room,
        item: defect.item,
        description: defect.description,
        photos: defect.photos,
      }));
      await atomically(['moveIns'], async (transaction) => {
        const current = await transaction.get<MoveInDocument>('moveIns', doc._id);
        if (!current || current.version !== input.version) throw conflict(moveIns.stale);
        if (current.status !== 'open') throw conflict('业主已确认验收，记录不能再修改');
        await transaction.update('moveIns', doc._id, { ...fields, defects, version: current.version + 1 });
      });
      return toRecord(await loadMoveIn(doc._id), viewer, now);
    }
    const owners = await ownersOf(unit._id);
    const owner = owners[0];
    if (!owner) throw new AppError('CONFLICT', '该房屋还没有已认证的业主：请业主先在小程序中完成房屋认证，再办理入住');
    const open = await find<MoveInDocument>('moveIns', { unitId: unit._id, status: 'open' }, { limit: 1 });
    if (open.length) throw conflict('该房屋已有一份待业主确认的入住记录，请在列表中打开它继续填写');
    checkDefects(input.defects, [], caller);
    const moveInId = idempotent.idFor('m');
    const doc: MoveInDocument = {
      _id: moveInId,
      communityId: unit.communityId,
      unitId: unit._id,
      unitLabel: unitLabel(unit),
      ownerOpenid: owner.openid,
      ownerName: owner.name,
      ownerPhone: owner.phone,
      ...fields,
      defects: input.defects.map((defect, index) => ({ id: defectId(moveInId, index), room: defect.room, item: defect.item, description: defect.description, photos: defect.photos })),
      status: 'open',
      recordedBy: caller.openid,
      recordedByName: await staffName(caller),
      createdAt: now,
      version: 1,
    };
    const loaded = { ...doc, ownerOpenids: owners.map((binding) => binding.openid) };
    return createOnce(idempotent, 'moveIns', { ...doc }, await toRecord(loaded, viewer, now));
  },
};

/** The community's move-ins, newest first: the desk continues an open one, the manager sees them all. */
export const listMoveIns: Route<'movein.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }) {
    return newestFirst<MoveInDocument, MoveInRow>('moveIns', { communityId }, 'createdAt', after, 20, toRow);
  },
};

export const getMoveIn: Route<'movein.get'> = onRecord(moveIns, {
  actions: ['view'],
  input: z.strictObject({ id }),
  async handle(_input, { caller, now, record: doc }) {
    return toRecord(doc, await caller.viewer(), now);
  },
});

/** The move-ins of the caller's own homes (as their verified owner), with each defect's ticket. */
export const myMoveIns: Route<'movein.mine'> = {
  access: anyone('业主本人：其已认证房屋的入住记录'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const homes = await find<BindingDocument>('bindings', { openid: caller.openid, status: 'approved', relation: 'owner' }, { limit: 20 });
    if (!homes.length) return [];
    const docs = await find<MoveInDocument>('moveIns', { unitId: command().in(homes.map((home) => home.unitId)) }, { orderBy: [['createdAt', 'desc']], limit: 20 });
    // Each record is of a home the caller verifiably owns: they read it as its owner, whatever roles they hold (the policy reads no other owner).
    const viewer = asResident(caller);
    return Promise.all(docs.map((doc) => toRecord({ ...doc, ownerOpenids: [caller.openid] }, viewer, now)));
  },
};

/** The ticket id of a defect: one per defect, whichever request or retry raises it. */
const ticketIdOf = (moveInId: string, defect: string): string => `t${createHash('sha256').update(`${moveInId}\u0000${defect}`).digest('hex').slice(0, 23)}`;

/**
 * Raises each defect as a repair ticket under the developer's warranty, for the owner who signed
 * to follow. Each is stored with its link in one transaction keyed by the defect, so a defect
 * becomes one ticket however often signing is retried.
 */
async function raiseDefectTickets(doc: LoadedMoveIn, owner: BindingDocument, caller: Caller, now: Date): Promise<void> {
  for (const defect of doc.defects) {
    if (defect.ticketId) continue;
    const ticketId = ticketIdOf(doc._id, defect.id);
    const input: NewTicket = {
      kind: 'repair',
      category: 'other',
      description: `【开发商保修】${defect.room}·${defect.item}：${defect.description}`,
      photos: defect.photos,
      location: { kind: 'unit', unitId: doc.unitId },
      contactName: owner.name,
      contactPhone: owner.phone,
    };
    const prepared = await prepareTicket(
      input,
      { communityId: doc.communityId, unitId: doc.unitId, locationLabel: `${doc.unitLabel}·${defect.room}` },
      { caller, ownerOpenid: owner.openid, channel: 'visit', actorName: `${doc.recordedByName}（交付验收）`, photosChecked: true },
      now,
      undefined,
      { moveInId: doc._id, defectId: defect.id },
    );
    await atomically(['moveIns', 'tickets', 'ticketEvents', 'counters'], async (transaction) => {
      const current = await transaction.get<MoveInDocument>('moveIns', doc._id);
      if (!current) throw notFound('入住记录不存在');
      if (!(await transaction.get('tickets', ticketId))) await prepared.write(transaction, ticketId);
      const defects = current.defects.map((candidate) => (candidate.id === defect.id ? { ...candidate, ticketId } : candidate));
      // Linking a ticket is not an edit of the record: its version stays the one the owner saw.
      await transaction.update('moveIns', doc._id, { defects });
    });
  }
}

export const signMoveIn: Route<'movein.sign'> = onRecord(moveIns, {
  actions: ['sign'],
  input: z.strictObject({ id, version }),
  idempotent: true,
  async handle(input, { caller, now, request, record: doc }) {
    const owner = (await ownersOf(doc.unitId)).find((binding) => binding.openid === caller.openid);
    if (!owner) throw notFound('您的房屋认证已失效');
    await raiseDefectTickets(doc, owner, caller, now);
    const idempotent = requestOf(request);
    const linked = await loadMoveIn(doc._id);
    const signature = { method: 'miniprogram' as const, byOpenid: caller.openid, byName: owner.name, at: now };
    // The answer as it stands once signed, stored with the signature: a retry gets it, not a refusal.
    const result = await toRecord({ ...linked, status: 'signed', signature, version: linked.version + 1, updatedAt: now }, await caller.viewer(), now);
    return atomically(['moveIns', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<MoveInRecord>(transaction);
      if (earlier) return earlier;
      const current = await transaction.get<MoveInDocument>('moveIns', doc._id);
      if (!current || current.version !== input.version) throw conflict(moveIns.stale);
      if (current.status !== 'open') throw conflict('验收已确认过，不能重复签署');
      await transaction.update('moveIns', doc._id, { status: 'signed', signature, version: current.version + 1, updatedAt: now });
      return idempotent.finish(transaction, result);
    });
  },
});

/** The acceptance record on A4 (房屋交付验收记录), for the home's file and the owner. */
export const printMoveIn: Route<'movein.pdf'> = onRecord(moveIns, {
  actions: ['print'],
  input: z.strictObject({ id }),
  async handle(_input, { caller, now, record: doc }) {
    const record = await toRecord(doc, await caller.viewer(), now);
    const community = await loadCommunity(doc.communityId);
    const pdf = await acceptancePdf(record, community.name);
    return { ...(await storeExport(`moveins/${doc.communityId}/${doc._id}-${doc.version}-${caller.openid.slice(-6)}.pdf`, pdf)), fileType: 'pdf' as const };
  },
});
