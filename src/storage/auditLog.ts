import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';
import type { AuditLogTable } from './schema.js';
import { insertByColumns, writeTogether } from './together.js';

/** Everything the audit log records: a union, so that a new kind of entry is named here, once. */
export const AUDIT_ACTIONS = [
  'network.join',
  'network.update',
  'network.leave',
  'pairs.set',
  'alert.create',
  'alert.denied',
  'alert.end',
  'alert.figures',
  'alert.replace',
  'alert.approve',
  'alert.refuse',
  'alert.fastpath',
  'checkin.take',
  'visit.denied',
  'visit.record',
  'registry.export',
  'registry.consent',
  'faq.curate',
  'faq.dismiss',
  'meeting.create',
  'meeting.move',
  'meeting.cancel',
  'meeting.followup',
  'meeting.register',
  'meeting.unregister',
  'meeting.denied',
  'poster.create',
  'tips.subscribe',
  'tips.unsubscribe',
  'identity.linked',
  'identity.link.lockout',
  'knowledge.upload',
  'knowledge.quarantine',
  'console.login',
  'console.logout',
  'knowledge.remove',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what, when. Details never hold personal data (ids and figures only). */
export class AuditLog {
  /** On PostgreSQL the records of updates handled together are written by one statement. */
  private readonly insert: (row: AuditLogTable) => Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.insert = writeTogether(
      db,
      (row) => db.insertInto('audit_log').values(row).execute(),
      insertByColumns<AuditLogTable>(db, 'audit_log', ['id', 'at', 'actor', 'action', 'details']),
      (row) => row.id,
    );
  }

  async record(actor: string, action: AuditAction, details: Record<string, unknown> = {}): Promise<void> {
    await this.insert({
      id: randomUUID(),
      at: this.now().toISOString(),
      actor,
      action,
      details: JSON.stringify(details),
    });
  }

  async list(
    action?: AuditAction,
  ): Promise<{ at: string; actor: string; action: string; details: Record<string, unknown> }[]> {
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('at', 'asc');
    if (action) q = q.where('action', '=', action);
    const rows = await q.execute();
    return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, details: JSON.parse(r.details) }));
  }
}
