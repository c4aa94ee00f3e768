import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';

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
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async record(actor: string, action: AuditAction, details: Record<string, unknown> = {}): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ id: randomUUID(), at: this.now().toISOString(), actor, action, details: JSON.stringify(details) })
      .execute();
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
