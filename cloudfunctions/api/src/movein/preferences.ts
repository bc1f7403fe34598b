import { z } from 'zod';
import type { PreferencesSummary, RevealedPreferences } from '../../../../typings/movein';
import { MOVE_IN_LIMITS } from '../../../../miniprogram/shared/movein';
import { inCommunity } from '../access';
import { holdsAny } from '../caller';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { find, findById } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { logAccess } from '../privacy/accessLog';
import { maskName } from '../privacy/masking';
import type { Viewer } from '../policy';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { id, text, version } from '../validation';

/**
 * 客户个性资料 (seed 001 三(一)1 3): a resident's hobbies, preferences and particular needs (人性化
 * 需求), kept in the home's file by the information keeper (seed 000 (七) 2, 信息专管员). Everyone
 * else sees only that they are kept; the keeper's every reading is in the access log, and they are
 * part of the resident's own export and go with their deletion.
 */
export interface PreferenceDocument {
  _id: string;
  unitId: string;
  communityId: string;
  bindingId: string;
  /** The resident they are about: their export lists them, their deletion removes them. */
  subjectOpenid: string;
  subjectName: string;
  hobbies: string;
  preferences: string;
  needs: string;
  updatedBy: string;
  updatedByName: string;
  updatedAt: Date;
  version: number;
}

/** The keepers of the personal file: the designated information keeper only. */
const KEEPERS = ['infokeeper'] as const;

const preferenceIdOf = (unitId: string): string => `pf${unitId}`;

export function preferencesOf(unitId: string): Promise<PreferenceDocument | undefined> {
  return findById<PreferenceDocument>('residentPreferences', preferenceIdOf(unitId));
}

export function preferencesSummary(doc: PreferenceDocument | undefined, viewer: Viewer, communityId: string): PreferencesSummary {
  return {
    recorded: Boolean(doc),
    ...(doc ? { residentName: maskName(doc.subjectName), updatedAt: new Date(doc.updatedAt).toISOString() } : {}),
    version: doc?.version ?? 0,
    canKeep: holdsAny(viewer.grants, KEEPERS, communityId),
  };
}

const communityOfUnit = async (input: { unitId: string }): Promise<string> => (await loadUnit(input.unitId)).communityId;

const field = text(...MOVE_IN_LIMITS.preference);

export const savePreferences: Route<'unit.preferences.save'> = {
  access: inCommunity(KEEPERS, communityOfUnit),
  input: z.strictObject({ unitId: id, bindingId: id, version, hobbies: field, preferences: field, needs: field }),
  async handle(input, { caller, now }) {
    const unit = await loadUnit(input.unitId);
    const binding = await findById<BindingDocument>('bindings', input.bindingId);
    if (!binding || binding.unitId !== unit._id || binding.status !== 'approved') throw notFound('请选择该房屋的已认证住户');
    if (!input.hobbies && !input.preferences && !input.needs) throw new AppError('VALIDATION', '请至少填写一项');
    await assertSafeText(caller.openid, [input.hobbies, input.preferences, input.needs].join('\n'));
    const keeperName = (await caller.account())?.staffName || '信息专管员';
    const docId = preferenceIdOf(unit._id);
    await atomically(['residentPreferences'], async (transaction) => {
      const current = await transaction.get<PreferenceDocument>('residentPreferences', docId);
      if ((current?.version ?? 0) !== input.version) throw conflict('个性资料已被他人更新，请刷新后重试');
      const fields: Omit<PreferenceDocument, '_id'> = {
        unitId: unit._id,
        communityId: unit.communityId,
        bindingId: binding._id,
        subjectOpenid: binding.openid,
        subjectName: binding.name,
        hobbies: input.hobbies,
        preferences: input.preferences,
        needs: input.needs,
        updatedBy: caller.openid,
        updatedByName: keeperName,
        updatedAt: now,
        version: input.version + 1,
      };
      if (current) await transaction.update('residentPreferences', docId, { ...fields });
      else await transaction.insert('residentPreferences', { _id: docId, ...fields });
    });
    return preferencesSummary(await preferencesOf(unit._id), await caller.viewer(), unit.communityId);
  },
};

export const revealPreferences: Route<'unit.preferences.reveal'> = {
  access: inCommunity(KEEPERS, communityOfUnit),
  input: z.strictObject({ unitId: id, reason: text(...MOVE_IN_LIMITS.revealReason) }),
  async handle({ unitId, reason }, { caller, now }) {
    const unit = await loadUnit(unitId);
    const doc = await preferencesOf(unitId);
    if (!doc) throw notFound('该房屋还没有个性资料');
    await logAccess({
      communityId: unit.communityId,
      actorOpenid: caller.openid,
      actorName: (await caller.account())?.staffName ?? '',
      kind: 'view',
      subject: `${unitLabel(unit)} ${maskName(doc.subjectName)}`,
      subjectOpenid: doc.subjectOpenid,
      fields: ['客户个性资料'],
      reason,
      at: now,
    });
    return { bindingId: doc.bindingId, residentName: doc.subjectName, hobbies: doc.hobbies, preferences: doc.preferences, needs: doc.needs, version: doc.version } satisfies RevealedPreferences;
  },
};

/** A resident's own preferences, for their export. */
export function preferencesAbout(openid: string): Promise<PreferenceDocument[]> {
  return find<PreferenceDocument>('residentPreferences', { subjectOpenid: openid }, { limit: 20 });
}
