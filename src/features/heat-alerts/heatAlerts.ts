import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../storage/database.js';
import type { AuditLog } from '../../storage/auditLog.js';

import { AUDIENCES, type Audience, type Recipient } from '../../domain/audience.js';

export { AUDIENCES, type Audience, type Recipient } from '../../domain/audience.js';
export const LEVELS = ['yellow', 'orange', 'red'] as const;
export type Level = (typeof LEVELS)[number];

const ROLES_OF: Record<Audience, string[]> = {
  all: ['supported', 'volunteer', 'relay_building', 'relay_school'],
  supported: ['supported'],
  volunteer: ['volunteer'],
  relay: ['relay_building', 'relay_school'],
};

export const NewAlert = z.object({
  quartiers: z.array(z.string()).min(1),
  audience: z.enum(AUDIENCES),
  level: z.enum(LEVELS),
  /** The eco-manager's own words, or '' for the level's template in each recipient's language. */
  text: z
    .string()
    .max(1500)
    .refine((t) => t === '' || t.trim().length >= 10),
  startsAt: z.date(),
  endsAt: z.date(),
  checkinPattern: z.string().min(1),
});
export type NewAlert = z.infer<typeof NewAlert>;

export interface HeatAlert extends NewAlert {
  id: string;
  createdBy: string;
  /** 'replaced': a later alert for the same quartiers and audience took over (no closing message). */
  status: 'pending' | 'active' | 'ended' | 'replaced' | 'refused';
  reportMessage: string | null;
  createdAt: string;
  /** Why a second eco-manager refused it (ALERT_APPROVAL=second), for its author only. */
  refusalReason: string | null;
}

/** One message per recipient of an alert, keyed so that a re-run fan-out adds nothing (the fan-out job's list). */
export function alertDeliveries(alertId: string, recipients: Recipient[]) {
  return recipients.map((r) => ({
    key: `alert-${alertId}-${r.personId}`,
    kind: 'alert' as const,
    ref: alertId,
    personId: r.personId,
    channel: r.channel,
    alertId,
  }));
}

export interface DeliveryFigures {
  total: number;
  sent: number;
  failed: number;
  unreachable: number;
  pending: number;
}

/** Extreme-heat alerts: who they reach, their state and figures. Sending itself is the delivery queue's job. */
export class HeatAlerts {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async recipients(quartiers: string[], audience: Audience, roles?: string[]): Promise<Recipient[]> {
    const rows = await this.db
      .selectFrom('network_members')
      .innerJoin('people', 'people.id', 'network_members.person_id')
      .select([
        'people.id as personId',
        'people.channel',
        'people.chat_id as chatId',
        'people.language',
        'network_members.role',
        'network_members.quartier',
      ])
      .where('network_members.quartier', 'in', quartiers)
      .where('network_members.role', 'in', roles ?? ROLES_OF[audience])
      .orderBy('people.id')
      .execute();
    return rows;
  }

  /** Exact recipient count per channel, for the preview. */
  async countByChannel(quartiers: string[], audience: Audience): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('network_members')
      .innerJoin('people', 'people.id', 'network_members.person_id')
      .select((eb) => ['people.channel', eb.fn.countAll<number>().as('n')])
      .where('network_members.quartier', 'in', quartiers)
      .where('network_members.role', 'in', ROLES_OF[audience])
      .groupBy('people.channel')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
  }

  async create(input: NewAlert, createdBy: string, status: 'active' | 'pending' = 'active'): Promise<HeatAlert> {
    const a = NewAlert.parse(input);
    const id = randomUUID();
    await this.db
      .insertInto('alerts')
      .values({
        id,
        created_by: createdBy,
        quartiers: JSON.stringify(a.quartiers),
        audience: a.audience,
        level: a.level,
        text: a.text,
        starts_at: a.startsAt.toISOString(),
        ends_at: a.endsAt.toISOString(),
        checkin_pattern: a.checkinPattern,
        status,
        refusal_reason: null,
        report_message: null,
        created_at: this.now().toISOString(),
        ended_at: null,
      })
      .execute();
    await this.audit.record(createdBy, 'alert.create', {
      alert: id,
      quartiers: a.quartiers,
      audience: a.audience,
      level: a.level,
      text: a.text,
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<HeatAlert | undefined> {
    const r = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toAlert(r);
  }

  async setReportMessage(id: string, messageId: string): Promise<void> {
    await this.db.updateTable('alerts').set({ report_message: messageId }).where('id', '=', id).execute();
  }

  /** Alerts touching any of these quartiers, newest first. */
  async list(quartiers: string[], limit = 10): Promise<HeatAlert[]> {
    // Quartiers are a JSON list; alerts are few (a handful a summer), so filtering here is fine.
    const rows = await this.db.selectFrom('alerts').selectAll().orderBy('created_at', 'desc').execute();
    return rows
      .map(toAlert)
      .filter((a) => a.quartiers.some((q) => quartiers.includes(q)))
      .slice(0, limit);
  }

  async activeFor(quartiers: string[]): Promise<HeatAlert[]> {
    return (await this.list(quartiers, 50)).filter((a) => a.status === 'active' && a.endsAt > this.now());
  }

  /**
   * Active alerts the new one would overlap: a quartier in common and audiences that meet ('all' meets
   * every audience). Their people would otherwise get each message twice.
   */
  async overlapping(quartiers: string[], audience: Audience): Promise<HeatAlert[]> {
    const meets = (a: Audience) => a === audience || a === 'all' || audience === 'all';
    return (await this.activeFor(quartiers)).filter((a) => meets(a.audience));
  }

  /** Covers the same quartiers and (at least) the same people: the new alert can take the old one's place. */
  static covers(
    next: Pick<HeatAlert, 'quartiers' | 'audience'>,
    old: Pick<HeatAlert, 'quartiers' | 'audience'>,
  ): boolean {
    return (
      old.quartiers.every((q) => next.quartiers.includes(q)) &&
      (next.audience === 'all' || next.audience === old.audience)
    );
  }

  /** Ended because a newer alert took over: its people go on being followed by the newer one. */
  async replace(id: string, by: string, replacement: string): Promise<void> {
    await this.db
      .updateTable('alerts')
      .set({ status: 'replaced', ended_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .execute();
    await this.audit.record(by, 'alert.replace', { alert: id, by: replacement });
  }

  /** A pending alert approved (true) or refused; false when it was no longer pending (another decided). */
  async decide(id: string, by: string, decision: 'approve' | 'refuse', reason?: string): Promise<boolean> {
    const res = await this.db
      .updateTable('alerts')
      .set({ status: decision === 'approve' ? 'active' : 'refused', refusal_reason: reason ?? null })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const decided = Number(res.numUpdatedRows) > 0;
    if (decided) await this.audit.record(by, decision === 'approve' ? 'alert.approve' : 'alert.refuse', { alert: id });
    return decided;
  }

  async end(id: string, by: string): Promise<void> {
    await this.db
      .updateTable('alerts')
      .set({ status: 'ended', ended_at: this.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await this.audit.record(by, 'alert.end', { alert: id });
  }

  async figures(alertId: string, kind = 'alert'): Promise<DeliveryFigures> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('alert_id', '=', alertId)
      .where('kind', '=', kind)
      .groupBy('status')
      .execute();
    const f: DeliveryFigures = { total: 0, sent: 0, failed: 0, unreachable: 0, pending: 0 };
    for (const r of rows) {
      const n = Number(r.n);
      f.total += n;
      if (r.status in f) f[r.status as keyof DeliveryFigures] += n;
    }
    return f;
  }
}

function toAlert(r: {
  id: string;
  created_by: string;
  quartiers: string;
  audience: string;
  level: string;
  text: string;
  starts_at: string;
  ends_at: string;
  checkin_pattern: string;
  status: string;
  report_message: string | null;
  created_at: string;
  refusal_reason: string | null;
}): HeatAlert {
  return {
    id: r.id,
    createdBy: r.created_by,
    quartiers: JSON.parse(r.quartiers) as string[],
    audience: r.audience as Audience,
    level: r.level as Level,
    text: r.text,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    checkinPattern: r.checkin_pattern,
    status: r.status as HeatAlert['status'],
    reportMessage: r.report_message,
    createdAt: r.created_at,
    refusalReason: r.refusal_reason,
  };
}
