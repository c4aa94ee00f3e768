import { randomUUID } from 'node:crypto';
import type { Db } from '../../storage/database.js';
import type { VisitLogTable } from '../../storage/schema.js';

/** What a volunteer found: seen and fine, needs help (with a note), nobody answered, emergency services called. */
export const VISIT_OUTCOMES = ['ok', 'help', 'noanswer', 'emergency'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export interface Visit {
  id: string;
  alertId: string;
  checkinId: string;
  personId: string;
  /** Null once the volunteer left the network. */
  volunteerId: string | null;
  outcome: VisitOutcome;
  note: string | null;
  recordedAt: string;
}

/** How long entries outlive the end of their alert. */
export const VISITS_KEPT_MS = 30 * 24 * 3600 * 1000;

/**
 * The visit log of the alerts: who went to see whom, when, and what they found. Other volunteers of the same
 * person read the latest entry before going (no double visits); the eco-manager reads it in /suivi.
 */
export class VisitLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async record(
    v: Pick<Visit, 'alertId' | 'checkinId' | 'personId' | 'outcome'> & { volunteerId: string; note?: string },
  ): Promise<Visit> {
    const visit: Visit = {
      id: randomUUID(),
      alertId: v.alertId,
      checkinId: v.checkinId,
      personId: v.personId,
      volunteerId: v.volunteerId,
      outcome: v.outcome,
      note: v.note ?? null,
      recordedAt: this.now().toISOString(),
    };
    await this.db
      .insertInto('visit_log')
      .values({
        id: visit.id,
        alert_id: visit.alertId,
        checkin_id: visit.checkinId,
        person_id: visit.personId,
        volunteer_id: visit.volunteerId,
        outcome: visit.outcome,
        note: visit.note,
        recorded_at: visit.recordedAt,
      })
      .execute();
    return visit;
  }

  async get(id: string): Promise<Visit | undefined> {
    const r = await this.db.selectFrom('visit_log').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toVisit(r);
  }

  /** The latest entry about each of these people (absent: nobody recorded a visit). */
  async latestFor(personIds: string[]): Promise<Map<string, Visit>> {
    const latest = new Map<string, Visit>();
    if (!personIds.length) return latest;
    const rows = await this.db
      .selectFrom('visit_log')
      .selectAll()
      .where('person_id', 'in', personIds)
      .orderBy('recorded_at', 'desc')
      .orderBy('id')
      .execute();
    for (const r of rows) if (!latest.has(r.person_id)) latest.set(r.person_id, toVisit(r));
    return latest;
  }

  /** Entries of alerts that ended more than 30 days ago (ended early, or at their planned end). */
  async purge(): Promise<number> {
    const before = new Date(this.now().getTime() - VISITS_KEPT_MS).toISOString();
    const res = await this.db
      .deleteFrom('visit_log')
      .where('alert_id', 'in', (eb) =>
        eb
          .selectFrom('alerts')
          .select('id')
          .where((w) =>
            w.or([w('ended_at', '<', before), w.and([w('ended_at', 'is', null), w('ends_at', '<', before)])]),
          ),
      )
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}

function toVisit(r: VisitLogTable): Visit {
  return {
    id: r.id,
    alertId: r.alert_id,
    checkinId: r.checkin_id,
    personId: r.person_id,
    volunteerId: r.volunteer_id,
    outcome: r.outcome as VisitOutcome,
    note: r.note,
    recordedAt: r.recorded_at,
  };
}
