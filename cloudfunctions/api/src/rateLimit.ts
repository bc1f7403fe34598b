import type { ActionName } from '../../../typings/api';
import { command, findById, insert, isDuplicateKey, update } from './db';
import { chinaMinute } from '../../../miniprogram/shared/time';
import { AppError } from './errors';

/** At most `limit` attempts per user in each fixed window of `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
  /** What the refusal names, e.g. 邀请码尝试次数过多; 操作过于频繁 when not given. */
  what?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const per10Minutes = (limit: number, what?: string): RateLimit => ({ limit, windowMs: 10 * MINUTE, what });

/**
 * Every action, in one place: a read, or a write with the most one WeChat user may make of it.
 * The limits are far above what a person does (an owner reports a few repairs a month; a busy
 * front desk works a few hundred steps a day) and stop floods: each ticket, reply or inquiry also
 * costs a content-security call, each reminder a subscribe message. Adding an action to
 * typings/api.ts without a row here fails type checking.
 */
export const ACTION_LIMITS: Record<ActionName, RateLimit | 'read'> = {
  'system.ping': 'read',
  'me.profile': 'read',
  'me.phoneFromCode': per10Minutes(20),
  'me.export': { limit: 5, windowMs: HOUR, what: '导出次数过多' },
  'me.delete': { limit: 5, windowMs: HOUR },
  'me.subscribe': per10Minutes(60),
  'me.subscriptions': 'read',
  'staff.workload': 'read',
  'alert.unreached': 'read',
  'alert.acknowledge': per10Minutes(100),
  'robots.get': 'read',
  'board.get': 'read',
  'board.tickets': 'read',
  // Each builds a workbook and stores a file.
  'board.export': per10Minutes(20),
  'report.list': 'read',
  'report.open': 'read',
  'report.comment': per10Minutes(60),
  'board.trend': 'read',
  'review.candidates': 'read',
  'review.open': per10Minutes(60),
  'review.update': per10Minutes(100),
  'review.complete': per10Minutes(60),
  'review.list': 'read',
  'review.get': 'read',
  // Each save posts a test message to the robot: a few tries, not a loop against someone's group.
  'robots.save': per10Minutes(10),
  'directory.communities': 'read',
  'directory.units': 'read',
  'directory.unit': 'read',
  'community.list': 'read',
  'community.get': 'read',
  'community.create': per10Minutes(30),
  'community.update': per10Minutes(60),
  'roster.import': per10Minutes(30),
  'invite.create': per10Minutes(60),
  // Guessing codes must stay slow: a few wrong tries per hour per WeChat user.
  'invite.redeem': { limit: 10, windowMs: HOUR, what: '邀请码尝试次数过多' },
  'staff.list': 'read',
  'staff.technicians': 'read',
  'staff.setRoles': per10Minutes(100),
  'staff.roleChanges': 'read',
  'binding.request': per10Minutes(20, '认证申请提交过于频繁'),
  'binding.queue': 'read',
  'binding.review': per10Minutes(600),
  'binding.reveal': per10Minutes(100, '查看个人信息过于频繁'),
  'accessLog.list': 'read',
  'ticket.catalog': 'read',
  'ticket.create': per10Minutes(30, '提交过于频繁'),
  'ticket.register': per10Minutes(600, '登记过于频繁'),
  'ticket.mine': 'read',
  'ticket.get': 'read',
  'ticket.find': 'read',
  'ticket.inbox': 'read',
  'ticket.search': 'read',
  'ticket.accept': per10Minutes(600),
  'ticket.grade': per10Minutes(600),
  'ticket.assign': per10Minutes(600),
  'ticket.reassign': per10Minutes(600),
  'ticket.reply': per10Minutes(600, '回复过于频繁'),
  'ticket.proposeCharge': per10Minutes(600),
  'ticket.respondCharge': per10Minutes(60),
  'ticket.resolve': per10Minutes(600),
  'ticket.confirm': per10Minutes(60),
  'ticket.reopen': per10Minutes(60),
  'ticket.rate': per10Minutes(60),
  'ticket.returnVisit': per10Minutes(600),
  'ticket.close': per10Minutes(600),
  'ticket.judgeValidity': per10Minutes(600),
  'ticket.recordConfirmation': per10Minutes(600),
  'ticket.closeUnanswered': per10Minutes(600),
  'ticket.notifyDepartments': per10Minutes(600),
  'ticket.closeOutOfScope': per10Minutes(600),
  'ticket.schedule': per10Minutes(600),
  'ticket.checkIn': per10Minutes(600),
  'ticket.recordWork': per10Minutes(600),
  'ticket.contact': per10Minutes(100, '查看联系方式过于频繁'),
  'phrases.save': per10Minutes(60),
  'repairPromises.get': 'read',
  'repairPromises.save': per10Minutes(60),
  'handover.open': 'read',
  'handover.create': per10Minutes(60),
  'handover.list': 'read',
  'handover.acknowledge': per10Minutes(100),
  'calendar.overview': 'read',
  'desk.logCall': per10Minutes(200),
  'desk.logDuty': per10Minutes(200),
  'desk.list': 'read',
  'unit.file': 'read',
  'incident.record': per10Minutes(60),
  'incident.analyse': per10Minutes(200),
  'incident.signOff': per10Minutes(200),
  'incident.list': 'read',
  'incident.get': 'read',
  'patrol.routes': 'read',
  'patrol.round': 'read',
  'patrol.saveRoute': per10Minutes(100),
  'patrol.check': per10Minutes(300),
  'patrol.missed': 'read',
  'patrol.codes': per10Minutes(30),
  'workOrder.list': 'read',
  'workOrder.complete': per10Minutes(200),
  'key.list': 'read',
  'key.save': per10Minutes(200),
  'key.lend': per10Minutes(200),
  'key.return': per10Minutes(200),
  'key.loans': 'read',
  'key.mine': 'read',
  'key.authorise': per10Minutes(30),
  'custody.list': 'read',
  'custody.record': per10Minutes(200),
  'custody.handOver': per10Minutes(200),
  'custody.mine': 'read',
  'custody.confirm': per10Minutes(30),
  'desk.shift': 'read',
  'fileLoan.request': per10Minutes(60),
  'fileLoan.approve': per10Minutes(200),
  'fileLoan.consent': per10Minutes(200),
  'fileLoan.refuse': per10Minutes(200),
  'fileLoan.lend': per10Minutes(200),
  'fileLoan.return': per10Minutes(200),
  'fileLoan.list': 'read',
  'fileLoan.get': 'read',
  // Each opening of a lent home's file is a view of personal data, logged.
  'fileLoan.read': per10Minutes(100, '查阅过于频繁'),
  'keeperHandover.create': per10Minutes(30),
  'keeperHandover.acknowledge': per10Minutes(60),
  'keeperHandover.list': 'read',
  'keeperHandover.keepers': 'read',
  'contract.create': per10Minutes(60),
  'contract.update': per10Minutes(100),
  'contract.end': per10Minutes(60),
  'contract.list': 'read',
  'contract.get': 'read',
  'shop.create': per10Minutes(60),
  'shop.update': per10Minutes(100),
  'shop.recordCheck': per10Minutes(200),
  'shop.close': per10Minutes(60),
  'shop.list': 'read',
  'shop.get': 'read',
  'calendar.saveYear': per10Minutes(30),
  'backup.list': 'read',
  // Each issues a link to the whole database and writes an access-log entry.
  'backup.download': { limit: 20, windowMs: HOUR, what: '下载备份次数过多' },
  'disclosure.saveDraft': per10Minutes(100),
  'disclosure.drafts': 'read',
  'disclosure.publish': per10Minutes(60),
  'disclosure.board': 'read',
  'disclosure.history': 'read',
  'disclosure.diff': 'read',
  'disclosure.inquire': per10Minutes(30, '提交过于频繁'),
  // Each publication and withdrawal costs a content-security call.
  'notice.saveDraft': per10Minutes(100),
  'notice.publish': per10Minutes(60),
  'notice.withdraw': per10Minutes(60),
  'notice.list': 'read',
  'notice.board': 'read',
  'notice.history': 'read',
  'notice.get': 'read',
  // A receipt per notice opened: no more than a page view.
  'notice.read': 'read',
  // Each renders a PDF and stores a file.
  'notice.pdf': per10Minutes(60, 'PDF 生成过于频繁'),
  'bill.generate': per10Minutes(30),
  'bill.publish': per10Minutes(30),
  'bill.list': 'read',
  'bill.mine': 'read',
  'bill.markPaid': per10Minutes(600),
  'bill.remind': per10Minutes(200, '催缴提醒发送过于频繁'),
  'bill.waive': per10Minutes(100),
  'bill.arrears': 'read',
  'bill.receipt': per10Minutes(60, '收据下载过于频繁'),
  'bill.reconcile': 'read',
  'bill.reconcileExport': per10Minutes(30, '导出过于频繁'),
  'pay.start': per10Minutes(60, '支付请求过于频繁'),
  'pay.status': 'read',
  'pay.refund': per10Minutes(60),
  'renovation.terms': 'read',
  'renovation.apply': per10Minutes(20, '提交过于频繁'),
  'renovation.resubmit': per10Minutes(20, '提交过于频繁'),
  'renovation.mine': 'read',
  'renovation.get': 'read',
  'renovation.queue': 'read',
  'renovation.review': per10Minutes(600),
  'renovation.inspect': per10Minutes(600),
  'renovation.fixViolation': per10Minutes(600),
  'renovation.accept': per10Minutes(600),
  'care.list': 'read',
  // Each reading writes an access-log entry, no more than a page view.
  'care.get': 'read',
  'care.save': per10Minutes(100),
  'care.record': per10Minutes(200),
  'visit.plan': 'read',
  'visit.get': 'read',
  'visit.create': per10Minutes(200),
  // Each proposal may send the owners a subscribe message.
  'visit.propose': per10Minutes(100),
  'visit.answer': per10Minutes(30),
  'visit.accept': per10Minutes(100),
  'visit.record': per10Minutes(100),
  'visit.ticket': per10Minutes(100),
  'visit.mine': 'read',
  // Each builds a workbook and stores a file.
  'visit.archive': per10Minutes(20, '导出过于频繁'),
  'agreement.publish': per10Minutes(20),
  'agreement.versions': 'read',
  'agreement.forUnit': 'read',
  'agreement.sign': per10Minutes(30),
  'movein.save': per10Minutes(200),
  'movein.list': 'read',
  'movein.get': 'read',
  'movein.mine': 'read',
  'movein.sign': per10Minutes(30),
  'movein.pdf': per10Minutes(60),
  'unit.preferences.save': per10Minutes(200),
  'unit.preferences.reveal': per10Minutes(200),
  'activity.save': per10Minutes(100),
  'activity.publish': per10Minutes(60),
  'activity.list': 'read',
  'activity.get': 'read',
  'activity.signups': 'read',
  'activity.report': per10Minutes(60),
  'activity.board': 'read',
  // An owner signs up and cancels a few times; more is a flood.
  'activity.signUp': per10Minutes(30),
  'activity.cancel': per10Minutes(30),
  'meeting.save': per10Minutes(100),
  'meeting.list': 'read',
  'meeting.get': 'read',
  'meeting.minutes': per10Minutes(60),
  'meeting.suggest': per10Minutes(300),
  'survey.save': per10Minutes(100),
  'survey.send': per10Minutes(30),
  'survey.close': per10Minutes(30),
  'survey.list': 'read',
  'survey.get': 'read',
  'survey.mine': 'read',
  'survey.answer': per10Minutes(20),
  'survey.results': 'read',
  'survey.texts': 'read',
  'survey.act': per10Minutes(100),
};

interface RateDocument {
  _id: string;
  /** When the current window began (ms): at the first attempt after the previous one ended. */
  windowStart: number;
  count: number;
}

/**
 * Per key, the window this instance knows (it opened it, or read its start) and the attempts it
 * has counted in the database ahead of time and not used yet. A front desk making hundreds of
 * steps an hour then pays a database write every few steps, not on each; the database still never
 * lets more than `limit` through in a window (unused attempts of another instance only refuse a
 * little early). Knowing the window also tells which write to try first: an owner's next attempt
 * in it is counted at once, and one after it has ended starts the next without trying to count.
 */
const reserved = new Map<string, { windowStart: number; left: number }>();
/** Keys remembered per instance: an instance serves a few thousand users between restarts. */
const KEYS_KEPT = 10_000;
/** Limits this high are a busy desk's; lower ones (an owner's, a code guess) are counted one by one. */
const BLOCKS_FROM = 100;
const blockOf = (rule: RateLimit): number => (rule.limit >= BLOCKS_FROM ? Math.floor(rule.limit / 20) : 1);

/**
 * Counts one attempt under `key` and refuses with RATE_LIMITED past the limit. Each step is one
 * conditional write the database applies atomically, so attempts arriving at once are counted
 * one by one and never more than `limit` get through in a window; what this instance knows of the
 * window only picks which step to try first (a wrong guess costs a request, never a wrong count).
 */
export async function checkRate(key: string, now: Date, rule: RateLimit, scope = ''): Promise<void> {
  const _ = command();
  const at = now.getTime();
  const windowOpen = at - rule.windowMs;
  const block = blockOf(rule);
  const memo = `${scope}|${key}`;
  const held = reserved.get(memo);
  reserved.delete(memo);
  const open = (windowStart: number): boolean => windowStart > windowOpen && windowStart <= at;
  const remember = (windowStart: number, left: number): void => {
    if (reserved.size >= KEYS_KEPT) reserved.clear();
    reserved.set(memo, { windowStart, left });
  };
  // A block of attempts counted at once in the window that began at `windowStart`, while a block is left.
  const reserveBlock = async (windowStart: number): Promise<boolean> => {
    if ((await update('rateLimits', { _id: key, windowStart, count: _.lte(rule.limit - block) }, { count: _.inc(block) })) !== 1) return false;
    remember(windowStart, block - 1);
    return true;
  };
  /** The window's start as this call knows it: from memory or read; `null` when read and there is no record. */
  let known: number | null | undefined = held?.windowStart;
  if (held && open(held.windowStart)) {
    if (held.left > 0) {
      remember(held.windowStart, held.left - 1);
      return;
    }
    // The window this instance knows is still open: a block of attempts while a block is left.
    if (block > 1 && (await reserveBlock(held.windowStart))) return;
  } else if (block > 1) {
    // This instance knows no open window of the key (it started after another instance opened it,
    // or the window ended): the record is read once, so a block is reserved in a window whose start
    // is known and the next attempts here cost nothing, rather than a write each.
    known = (await findById<RateDocument>('rateLimits', key))?.windowStart ?? null;
    if (known !== null && open(known) && (await reserveBlock(known))) return;
  }
  for (let round = 0; round < 2; round += 1) {
    // On the first round what is known rules out a step: a window that has ended (or no record)
    // counts nothing more, and a key with no record has nothing to restart.
    const ended = round === 0 && known !== undefined && (known === null || !open(known));
    const absent = round === 0 && known === null;
    // Counted in the current window while under the limit …
    if (!ended && (await update('rateLimits', { _id: key, windowStart: _.gt(windowOpen), count: _.lt(rule.limit) }, { count: _.inc(1) })) === 1) {
      if (typeof known === 'number' && open(known)) remember(known, 0);
      return;
    }
    // … or the window has ended, and this attempt starts the next (with a block kept for the next ones) …
    if (!absent && (await update('rateLimits', { _id: key, windowStart: _.lte(windowOpen) }, { windowStart: at, count: block })) === 1) {
      remember(at, block - 1);
      return;
    }
    // … or this is the very first attempt. A duplicate: another attempt created it first; look again.
    try {
      const first: RateDocument = { _id: key, windowStart: at, count: block };
      await insert('rateLimits', { ...first });
      remember(at, block - 1);
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  const current = await findById<RateDocument>('rateLimits', key);
  const reopensAt = (current?.windowStart ?? at) + rule.windowMs;
  throw new AppError('RATE_LIMITED', `${rule.what ?? '操作过于频繁'}，请${waitText(reopensAt - at)}后（${chinaMinute(new Date(reopensAt)).slice(11)} 以后）再试`);
}

/** "3 分钟" or "40 秒". */
function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? ` ${seconds} 秒` : ` ${Math.ceil(seconds / 60)} 分钟`;
}

/** The per-user limit of `action` in `env`, if it is a write; refuses with RATE_LIMITED past it. */
export async function limitAction(openid: string, action: ActionName, now: Date, env: string): Promise<void> {
  const rule = ACTION_LIMITS[action];
  if (rule === 'read') return;
  await checkRate(`${action}:${openid}`, now, rule, env);
}
