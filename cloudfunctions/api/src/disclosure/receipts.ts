import { z } from 'zod';
import { RECORDS_DESK, anyone } from '../access';
import { holdsAny } from '../caller';
import { findById, find } from '../db';
import { notFound } from '../errors';
import { storeExport } from '../files';
import type { Route } from '../router';
import type { CommunityDocument } from '../communities/communities';
import type { BindingDocument } from '../residents/bindings';
import { paidOf, paymentsOf, type BillDocument } from './bills';
import { receiptPdf } from './receiptPdf';

/**
 * The electronic receipt of one payment, as PDF behind a link valid 10 minutes: for the home's
 * verified residents and the desk of its community. Rendered from the bill each time it is asked
 * for, so a later refund shows on it.
 */
export const openReceipt: Route<'bill.receipt'> = {
  access: anyone('本人已认证房屋的账单，或本小区客服、经理、管理员'),
  input: z.strictObject({ billId: z.string().min(1).max(120), paymentId: z.string().min(1).max(140) }),
  async handle({ billId, paymentId }, { caller }) {
    const bill = await findById<BillDocument>('bills', billId);
    const desk = bill ? holdsAny(await caller.grants(), RECORDS_DESK, bill.communityId) : false;
    const resident = bill && !desk ? (await find<BindingDocument>('bindings', { openid: caller.openid, unitId: bill.unitId, status: 'approved' }, { limit: 1 })).length > 0 : false;
    // A bill the caller may not see is as missing as one that does not exist.
    if (!bill || (!desk && !resident)) throw notFound('账单不存在');
    // paymentsOf: a bill paid at the desk before payments were kept one by one has its one payment too.
    const payments = paymentsOf(bill);
    const payment = payments.find((each) => each.id === paymentId);
    if (!payment) throw notFound('该笔缴费记录不存在');
    const community = await findById<CommunityDocument>('communities', bill.communityId);
    const paidUpTo = paidOf({ ...bill, payments: payments.slice(0, payments.indexOf(payment) + 1) });
    const pdf = await receiptPdf({
      receiptNo: payment.receiptNo,
      communityName: community?.name ?? '',
      unitLabel: bill.unitLabel,
      period: bill.period,
      items: bill.items,
      totalFen: bill.totalFen,
      amountFen: payment.amountFen,
      paidFen: paidUpTo,
      outstandingFen: Math.max(0, bill.totalFen - paidUpTo - (bill.waiver?.amountFen ?? 0)),
      channel: payment.channel,
      ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
      at: new Date(payment.at),
      ...(payment.refund ? { refund: { at: new Date(payment.refund.at), reason: payment.refund.reason } } : {}),
    });
    const safeName = paymentId.replace(/[^A-Za-z0-9_-]/g, '_');
    return { ...(await storeExport(`receipts/${bill.communityId}/${safeName}.pdf`, pdf)), fileType: 'pdf' as const };
  },
};
