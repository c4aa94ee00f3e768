import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../storage/database.js';

/** A login link is valid this long, once. */
export const LOGIN_TTL_MS = 10 * 60_000;
/** A session lasts a working day, then she asks /console again. */
export const SESSION_TTL_MS = 12 * 3600_000;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

export type Redeemed =
  | { ok: true; sessionId: string; personId: string }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export interface ConsoleSession {
  personId: string;
  csrf: string;
  expiresAt: string;
}

/**
 * One-time login links (sent by /console in her chat) and the sessions they open. Only sha-256 hashes of the
 * link's token and of the session cookie are stored; a link is marked used in the same statement that
 * checks it was not, so two clicks racing each other open one session.
 */
export class ConsoleAccess {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async issue(personId: string): Promise<string> {
    const token = secret();
    const at = this.now();
    await this.purge();
    await this.db
      .insertInto('console_logins')
      .values({
        token_hash: hash(token),
        person_id: personId,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + LOGIN_TTL_MS).toISOString(),
        used_at: null,
      })
      .execute();
    return token;
  }

  /** Who the link was sent to, if it may still be used (shown before she presses *Se connecter*). */
  async peek(token: string): Promise<{ personId: string } | { reason: 'unknown' | 'used' | 'expired' }> {
    const row = await this.db
      .selectFrom('console_logins')
      .selectAll()
      .where('token_hash', '=', hash(token))
      .executeTakeFirst();
    if (!row) return { reason: 'unknown' };
    if (row.used_at) return { reason: 'used' };
    if (row.expires_at <= this.now().toISOString()) return { reason: 'expired' };
    return { personId: row.person_id };
  }

  async redeem(token: string, allowed: (personId: string) => Promise<boolean>): Promise<Redeemed | 'refused'> {
    const seen = await this.peek(token);
    if ('reason' in seen) return { ok: false, reason: seen.reason };
    if (!(await allowed(seen.personId))) return 'refused';
    const at = this.now().toISOString();
    const claimed = await this.db
      .updateTable('console_logins')
      .set({ used_at: at })
      .where('token_hash', '=', hash(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'used' };
    const sessionId = secret();
    await this.db
      .insertInto('console_sessions')
      .values({
        id_hash: hash(sessionId),
        person_id: seen.personId,
        csrf: secret(),
        created_at: at,
        expires_at: new Date(this.now().getTime() + SESSION_TTL_MS).toISOString(),
      })
      .execute();
    return { ok: true, sessionId, personId: seen.personId };
  }

  async session(sessionId: string): Promise<ConsoleSession | undefined> {
    const row = await this.db
      .selectFrom('console_sessions')
      .selectAll()
      .where('id_hash', '=', hash(sessionId))
      .where('expires_at', '>', this.now().toISOString())
      .executeTakeFirst();
    return row && { personId: row.person_id, csrf: row.csrf, expiresAt: row.expires_at };
  }

  async end(sessionId: string): Promise<void> {
    await this.db.deleteFrom('console_sessions').where('id_hash', '=', hash(sessionId)).execute();
  }

  /** Expired links and sessions go when a new link is asked for: nothing to schedule. */
  private async purge(): Promise<void> {
    const at = this.now().toISOString();
    await this.db.deleteFrom('console_logins').where('expires_at', '<=', at).execute();
    await this.db.deleteFrom('console_sessions').where('expires_at', '<=', at).execute();
  }
}
