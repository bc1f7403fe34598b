import { z } from 'zod';
import type { UnitFile } from '../../../../typings/unit-file';
import { RECORDS_DESK, inCommunity } from '../access';
import { MOVE_IN_DOCUMENTS } from '../../../../miniprogram/shared/movein';
import { signaturesOf, toSignature } from '../movein/agreements';
import type { MoveInDocument } from '../movein/moveIns';
import { preferencesOf, preferencesSummary } from '../movein/preferences';
import { find, findAll } from '../db';
import type { BillDocument } from '../disclosure/bills';
import { maskName } from '../privacy/masking';
import type { RenovationDocument } from '../renovation/applications';
import type { BindingDocument } from '../residents/bindings';
import type { Viewer } from '../policy';
import type { Route } from '../router';
import { toSummary, type TicketDocument } from '../tickets/model';
import { id } from '../validation';
import { loadUnit, unitLabel } from './units';

const iso = (value: Date | undefined): string | undefined => (value ? new Date(value).toISOString() : undefined);
const newestFirst = <T>(items: T[], at: (item: T) => Date): T[] => [...items].sort((a, b) => new Date(at(b)).getTime() - new Date(at(a)).getTime());

/** The most of each record one file shows: decades of a home, not more. */
const FILE_LIMIT = 500;

/**
 * 户档案 (seed 002 §2 ¶1, 一分钟内取阅): one home's residents and their binding history, its
 * requests, renovations with their inspections, bills and receipts, and the return visits, in one
 * call. Names are masked as everywhere for staff.
 */
export const unitFile: Route<'unit.file'> = {
  // The information keeper too: they keep the file's personal section (客户个性资料).
  access: inCommunity([...RECORDS_DESK, 'infokeeper'], async (input) => (await loadUnit(input.unitId)).communityId),
  input: z.strictObject({ unitId: id }),
  async handle({ unitId }, { caller, now }) {
    return homeFile(unitId, await caller.viewer(), now);
  },
};

/** One home's file as `viewer` sees it (also read through a loan, `records/fileLoans.ts`). */
export async function homeFile(unitId: string, viewer: Viewer, now: Date): Promise<UnitFile> {
  const unit = await loadUnit(unitId);
  const [bindings, tickets, renovations, bills, moveIns, signatures, preferences] = await Promise.all([
    find<BindingDocument>('bindings', { unitId }, { limit: 100 }),
    findAll<TicketDocument>('tickets', { unitId }, FILE_LIMIT),
    findAll<RenovationDocument>('renovations', { unitId }, FILE_LIMIT),
    findAll<BillDocument>('bills', { unitId }, FILE_LIMIT),
    find<MoveInDocument>('moveIns', { unitId }, { orderBy: [['createdAt', 'desc']], limit: 20 }),
    signaturesOf(unitId),
    preferencesOf(unitId),
  ]);
  const received = new Set(moveIns.flatMap((doc) => doc.documents));
  const sortedTickets = newestFirst(tickets, (ticket) => ticket.createdAt);
  return {
    unit: { id: unit._id, communityId: unit.communityId, label: unitLabel(unit), areaCenti: unit.areaCenti },
    residents: newestFirst(bindings, (binding) => binding.createdAt).map((binding) => ({
      id: binding._id,
      relation: binding.relation,
      name: maskName(binding.name),
      status: binding.status,
      requestedAt: new Date(binding.createdAt).toISOString(),
      ...(binding.reviewedAt ? { reviewedAt: iso(binding.reviewedAt) } : {}),
    })),
    tickets: sortedTickets.map((ticket) => toSummary(ticket, now, viewer)),
    renovations: newestFirst(renovations, (doc) => doc.submittedAt).map((doc) => ({
      id: doc._id,
      status: doc.status,
      permitNo: doc.permitNo ?? '',
      startDate: doc.form.startDate,
      endDate: doc.form.endDate,
      inspections: doc.inspections.length,
      openViolations: doc.inspections.filter((inspection) => inspection.violation && !inspection.fixedAt).length,
      submittedAt: new Date(doc.submittedAt).toISOString(),
    })),
    // Drafts are not issued yet: the file holds what the owner was asked to pay.
    bills: bills
      .filter((bill) => bill.status !== 'draft')
      .sort((a, b) => b.period.localeCompare(a.period))
      .map((bill) => ({
        id: bill._id,
        period: bill.period,
        totalFen: bill.totalFen,
        status: bill.status,
        receiptNo: bill.receiptNo ?? '',
        ...(bill.paidAt ? { paidAt: iso(bill.paidAt) } : {}),
      })),
    visits: sortedTickets
      .filter((ticket) => ticket.returnVisit)
      .map((ticket) => ({
        ticketId: ticket._id,
        number: ticket.number,
        satisfaction: ticket.returnVisit!.satisfaction,
        note: ticket.returnVisit!.note,
        at: new Date(ticket.returnVisit!.at).toISOString(),
      })),
    documents: MOVE_IN_DOCUMENTS.map((document) => ({ ...document, received: received.has(document.code) })),
    agreements: signatures.map((doc) => toSignature(doc, viewer.openid)),
    moveIns: moveIns.map((doc) => ({
      id: doc._id,
      unitId: doc.unitId,
      unitLabel: doc.unitLabel,
      ownerName: maskName(doc.ownerName),
      status: doc.status,
      defects: doc.defects.length,
      createdAt: new Date(doc.createdAt).toISOString(),
      ...(doc.signature ? { signedAt: new Date(doc.signature.at).toISOString() } : {}),
    })),
    preferences: preferencesSummary(preferences, viewer, unit.communityId),
  } satisfies UnitFile;
}
