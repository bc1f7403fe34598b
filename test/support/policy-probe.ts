import type { ApiResult } from '../../typings/api';

/**
 * Checks one record type's policy against the running api: for every state (a fixture built
 * through the api) and every caller, the actions the caller is shown (`allowed`) must be exactly
 * the actions the server accepts (test/pages/policy-buttons checks the pages' buttons against
 * `allowed`). Refused attempts
 * run on the fixture itself and must leave it unchanged; each accepted one runs on a fresh copy.
 */
export interface PolicyProbe<A extends string> {
  actions: readonly A[];
  /** label → OPENID */
  viewers: Record<string, string>;
  /**
   * state name → builds a record in that state and answers its id, and who plays the record's
   * relations (e.g. its applicant) when that is not the same caller for every copy.
   */
  fixtures: Record<string, () => Promise<string | Built>>;
  /** What the caller is shown for the record; undefined when they cannot see it at all. */
  shown(openid: string, id: string): Promise<A[] | undefined>;
  attempt(openid: string, action: A, id: string): Promise<ApiResult<unknown>>;
  /** What a refused attempt must not change (read with full rights). */
  fingerprint(id: string): Promise<unknown>;
}

export interface Built {
  id: string;
  /** viewer label → OPENID, overriding `viewers` for this record */
  parties: Record<string, string>;
}

export interface Mismatch {
  state: string;
  viewer: string;
  action: string;
  shown: boolean;
  answer: string;
}

const REFUSALS = new Set(['FORBIDDEN', 'CONFLICT', 'NOT_FOUND']);

export async function probePolicy<A extends string>(probe: PolicyProbe<A>): Promise<{ mismatches: Mismatch[]; checked: number }> {
  const mismatches: Mismatch[] = [];
  let checked = 0;
  for (const [state, buildOne] of Object.entries(probe.fixtures)) {
    const build = async (): Promise<Built> => {
      const built = await buildOne();
      return typeof built === 'string' ? { id: built, parties: {} } : built;
    };
    const { id, parties } = await build();
    const before = await probe.fingerprint(id);
    const cases: { viewer: string; openid: string; action: A; shown: boolean }[] = [];
    for (const [viewer, openid] of Object.entries({ ...probe.viewers, ...parties })) {
      const shown = new Set((await probe.shown(openid, id)) ?? []);
      for (const action of probe.actions) cases.push({ viewer, openid, action, shown: shown.has(action) });
    }
    // A refusal changes nothing, so they can all be tried on the record itself, at once.
    const refused = cases.filter((item) => !item.shown);
    const answers = await Promise.all(refused.map((item) => probe.attempt(item.openid, item.action, id)));
    refused.forEach((item, index) => {
      const answer = answers[index];
      if (answer.ok || !REFUSALS.has(answer.code)) {
        mismatches.push({ state, viewer: item.viewer, action: item.action, shown: false, answer: answer.ok ? 'accepted' : `${answer.code} ${answer.message}` });
      }
    });
    const after = await probe.fingerprint(id);
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      mismatches.push({ state, viewer: '*', action: '*', shown: false, answer: 'a refused attempt changed the record' });
    }
    for (const item of cases.filter((candidate) => candidate.shown)) {
      const fresh = await build();
      const answer = await probe.attempt(fresh.parties[item.viewer] ?? item.openid, item.action, fresh.id);
      if (!answer.ok) mismatches.push({ state, viewer: item.viewer, action: item.action, shown: true, answer: `${answer.code} ${answer.message}` });
    }
    checked += cases.length;
  }
  return { mismatches, checked };
}
