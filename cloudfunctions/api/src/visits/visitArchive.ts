import { z } from 'zod';
import { VISIT_STATUS_LABELS } from '../../../../miniprogram/shared/labels';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { MAINTAINERS, inCommunity } from '../access';
import { findAll } from '../db';
import { excel, sheet } from '../excel';
import { storeExport } from '../files';
import { maskPhone } from '../privacy/masking';
import type { Route } from '../router';
import { calendarMonth, id } from '../validation';
import type { VisitDocument } from './visits';
import { chineseOrder } from '../chineseOrder';

/**
 * Seed 000 (四)3: the month's visits of a community archived as a workbook — the plan with each
 * booking, and the interview records with the requests and the tickets they became. Kept apart
 * from visits.ts so only this route loads exceljs.
 */
export async function visitWorkbook(docs: VisitDocument[]): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  sheet(
    workbook,
    '拜访计划',
    [
      { header: '房屋', key: 'unit', width: 16 },
      { header: '拜访人', key: 'visitor', width: 10 },
      { header: '状态', key: 'status', width: 12 },
      { header: '约定时间', key: 'booked', width: 18 },
    ],
    docs.map((doc) => ({ unit: doc.unitLabel, visitor: doc.visitorName, status: VISIT_STATUS_LABELS[doc.status], booked: doc.bookedAt ? chinaMinute(doc.bookedAt) : '' })),
  );
  sheet(
    workbook,
    '访谈记录',
    [
      { header: '房屋', key: 'unit', width: 16 },
      { header: '受访人', key: 'interviewee', width: 10 },
      { header: '联系电话', key: 'phone', width: 14 },
      { header: '访谈主题', key: 'topics', width: 30 },
      { header: '意见', key: 'opinions', width: 30 },
      { header: '诉求', key: 'requests', width: 40 },
      { header: '记录人', key: 'recordedBy', width: 10 },
      { header: '记录时间', key: 'recordedAt', width: 18 },
    ],
    docs.flatMap((doc) =>
      doc.interview
        ? [
            {
              unit: doc.unitLabel,
              interviewee: doc.interview.intervieweeName,
              phone: maskPhone(doc.interview.intervieweePhone),
              topics: doc.interview.topics,
              opinions: doc.interview.opinions,
              requests: doc.interview.requests.map((request) => `${request.text}${request.ticketNumber ? `（工单 ${request.ticketNumber}）` : ''}`).join('；'),
              recordedBy: doc.interview.recordedByName,
              recordedAt: chinaMinute(doc.interview.recordedAt),
            },
          ]
        : [],
    ),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A community's visits of one month, as .xlsx behind a link valid 10 minutes. */
export const exportVisits: Route<'visit.archive'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, month: calendarMonth }),
  async handle({ communityId, month }, { now }) {
    const docs = await findAll<VisitDocument>('visits', { communityId, month }, 2_000);
    docs.sort((a, b) => chineseOrder(a.unitLabel, b.unitLabel));
    return storeExport(`reports/${communityId}/visits-${month}-${now.getTime()}.xlsx`, await visitWorkbook(docs));
  },
};
