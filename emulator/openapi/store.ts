import { EnvDatabases, openDurable } from '../envDatabases';
import type Database from 'libsql';

/** One `subscribeMessage.send` attempt as the outbox keeps it. */
export interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string | null;
  data: unknown;
  miniprogramState: string | null;
  lang: string | null;
  errcode: number;
  errmsg: string;
  /** Present when the message was sent. */
  msgid?: number;
  sentAt: string;
}

export type SendAttempt = Omit<OutboxMessage, 'errcode' | 'errmsg' | 'msgid'>;

interface OutboxRow {
  id: number;
  touser: string;
  template_id: string;
  page: string | null;
  data: string;
  miniprogram_state: string | null;
  lang: string | null;
  errcode: number;
  errmsg: string;
  sent_at: string;
}

/** Env ids name files under the data dir, so only plain ids are accepted. */
export function isEnvId(env: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(env);
}

/** msgids are this plus the outbox row id: unique per env, and short enough that json-bigint keeps them numbers. */
const MSGID_BASE = 2_000_000_000;

/**
 * One env's subscribe-message state in SQLite: each user's remaining one-time quota per template,
 * and the outbox of every send attempt.
 */
export class EnvMessages {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openDurable(
      file,
      `
      CREATE TABLE IF NOT EXISTS subscriptions (
        openid TEXT NOT NULL,
        template_id TEXT NOT NULL,
        remaining INTEGER NOT NULL,
        PRIMARY KEY (openid, template_id)
      );
      CREATE TABLE IF NOT EXISTS outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        touser TEXT NOT NULL,
        template_id TEXT NOT NULL,
        page TEXT,
        data TEXT NOT NULL,
        miniprogram_state TEXT,
        lang TEXT,
        errcode INTEGER NOT NULL,
        errmsg TEXT NOT NULL,
        sent_at TEXT NOT NULL
      );
    `,
    );
  }

  /** One more message the user accepted to receive from `templateId`. */
  grant(openid: string, templateId: string): void {
    this.db
      .prepare(
        `INSERT INTO subscriptions (openid, template_id, remaining) VALUES (?, ?, 1)
         ON CONFLICT (openid, template_id) DO UPDATE SET remaining = remaining + 1`,
      )
      .run(openid, templateId);
  }

  remaining(openid: string): Record<string, number> {
    const rows = this.db
      .prepare('SELECT template_id, remaining FROM subscriptions WHERE openid = ? ORDER BY template_id')
      .all(openid) as { template_id: string; remaining: number }[];
    return Object.fromEntries(rows.map((row) => [row.template_id, row.remaining]));
  }

  /** Records a refused attempt. */
  refuse(attempt: SendAttempt, errcode: number, errmsg: string): void {
    this.insert(attempt, errcode, errmsg);
  }

  /**
   * Spends one unit of the user's quota and records the sent message, atomically; null (and
   * nothing recorded) when the user has no quota left for the template.
   */
  spendAndSend(attempt: SendAttempt): number | null {
    return this.db.transaction(() => {
      const spent = this.db
        .prepare('UPDATE subscriptions SET remaining = remaining - 1 WHERE openid = ? AND template_id = ? AND remaining > 0')
        .run(attempt.touser, attempt.templateId);
      if (spent.changes === 0) return null;
      return MSGID_BASE + this.insert(attempt, 0, 'ok');
    })();
  }

  outbox(): OutboxMessage[] {
    const rows = this.db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];
    return rows.map((row) => ({
      touser: row.touser,
      templateId: row.template_id,
      page: row.page,
      data: JSON.parse(row.data) as unknown,
      miniprogramState: row.miniprogram_state,
      lang: row.lang,
      errcode: row.errcode,
      errmsg: row.errmsg,
      ...(row.errcode === 0 ? { msgid: MSGID_BASE + row.id } : {}),
      sentAt: row.sent_at,
    }));
  }

  close(): void {
    this.db.close();
  }

  private insert(attempt: SendAttempt, errcode: number, errmsg: string): number {
    const result = this.db
      .prepare(
        `INSERT INTO outbox (touser, template_id, page, data, miniprogram_state, lang, errcode, errmsg, sent_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        attempt.touser,
        attempt.templateId,
        attempt.page,
        JSON.stringify(attempt.data ?? null),
        attempt.miniprogramState,
        attempt.lang,
        errcode,
        errmsg,
        attempt.sentAt,
      );
    return Number(result.lastInsertRowid);
  }
}

/** All envs' message state, one database per env under `<dataDir>/openapi/`. */
export class MessageStore extends EnvDatabases<EnvMessages> {
  constructor(root: string) {
    super(root, 'db', (file) => new EnvMessages(file));
  }
}
