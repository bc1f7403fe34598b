import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AccessKind, AccessLogEntry } from '../../../../typings/domain';
import { MAINTAINERS, inCommunity } from '../access';
import { insert } from '../db';
import { newestFirst } from '../paging';
import type { Route } from '../router';
import { cursor, id } from '../validation';

export interface AccessLogDocument {
  _id: string;
  communityId: string;
  actorOpenid: string;
  actorName: string;
  kind: AccessKind;
  /** Whose data, as a label that is itself masked (e.g. `1栋1单元101 张*`). */
  subject: string;
  /** The person the data is about, when known: their own export lists the entries about them. */
  subjectOpenid?: string;
  fields: string[];
  reason: string;
  at: Date;
}

/**
 * Records an unmasked view, an export or a deletion of personal data. Entries are only ever
 * inserted: no action updates or removes them, and the collection's permission in the cloud is
 * "仅管理端可读写" so no client can either.
 */
export async function logAccess(entry: Omit<AccessLogDocument, '_id'>): Promise<void> {
  await insert('accessLog', { _id: randomUUID().replace(/-/g, ''), ...entry });
}

const PAGE_SIZE = 30;

/** Managers read the log of their community, newest first; nobody can change it. */
export const listAccessLog: Route<'accessLog.list'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }) {
    return newestFirst<AccessLogDocument, AccessLogEntry>('accessLog', { communityId }, 'at', after, PAGE_SIZE, (doc) => ({
      id: doc._id,
      actorOpenid: doc.actorOpenid,
      actorName: doc.actorName,
      kind: doc.kind,
      subject: doc.subject,
      fields: doc.fields,
      reason: doc.reason,
      at: new Date(doc.at).toISOString(),
    }));
  },
};
