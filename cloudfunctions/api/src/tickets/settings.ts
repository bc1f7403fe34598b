import { z } from 'zod';
import type { RepairPromise, RepairUrgency } from '../../../../typings/tickets';
import { findById, put } from '../db';
import type { Route } from '../router';
import { loadCommunity } from '../communities/communities';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { id, text } from '../validation';
import { REPAIR_PROMISES } from './deadlines';
import { MAINTAINERS, TICKET_STAFF, inCommunity } from '../access';

/** Courteous standard phrases from seed 001 二 (文明用语). */
export const DEFAULT_PHRASES = [
  '您好！感谢您的反馈，我们已收到并会尽快为您处理。',
  '对不起，给您带来不便，请原谅。',
  '请您协助我们的工作好吗？我们会尽快给您答复。',
  '好的，我明白了，这是我们应该做的。',
  '非常感谢您的耐心等待，问题已处理完毕，请您确认。',
  '您还有其他需要吗？',
  '再见，祝您生活愉快！',
];

/** Per-community service settings, with the documented defaults when a community has set none. */
interface SettingDocument<T> {
  _id: string;
  value: T;
}

async function setting<T>(key: string, fallback: T): Promise<T> {
  return (await findById<SettingDocument<T>>('settings', key))?.value ?? fallback;
}

export const phrasesFor = (communityId: string): Promise<string[]> => setting(`phrases:${communityId}`, DEFAULT_PHRASES);
export const promisesFor = (communityId: string): Promise<Record<RepairUrgency, RepairPromise>> =>
  setting(`repairPromises:${communityId}`, REPAIR_PROMISES);


export const savePhrases: Route<'phrases.save'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, phrases: z.array(text(...LIMITS.ticket.phrase)).min(1, '至少保留一条').max(COUNTS.phrases) }),
  async handle({ communityId, phrases }) {
    await loadCommunity(communityId);
    await put('settings', `phrases:${communityId}`, { value: phrases });
    return { phrases };
  },
};

const promise = z.strictObject({
  responseMinutes: z.number().int().min(5, '响应时限至少 5 分钟').max(24 * 60),
  completionHours: z.number().int().min(1).max(24 * 30),
});

export const getPromises: Route<'repairPromises.get'> = {
  access: inCommunity(TICKET_STAFF, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }) {
    return promisesFor(communityId);
  },
};

export const savePromises: Route<'repairPromises.save'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, urgent: promise, routine: promise }),
  async handle({ communityId, urgent, routine }) {
    await loadCommunity(communityId);
    const value = { urgent, routine };
    await put('settings', `repairPromises:${communityId}`, { value });
    return value;
  },
};
