import { randomUUID } from 'node:crypto';
import type { Db } from '../../storage/database.js';

export type CheckinAnswer = 'ok' | 'help';

export interface Checkin {
  id: string;
  alertId: string;
  personId: string;
  round: string;
  sentAt: string;
  reminders: number;
  answer: CheckinAnswer | null;
  answeredAt: string | null;
  escalatedAt: string | null;
  takenBy: string | null;
  takenAt: string | null;
  managerAlertedAt: string | null;
  remindedAt: string | null;
}

/** "Tout va bien ?" rounds during an alert: who was asked, who answered what and when, who took over. */
export class Checkins {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens a person's check-in for a round; undefined when it already exists (a re-run of the round) or when
   * another alert covering them asked them in this round already: one "Tout va bien ?" per person and round.
   */
  async open(alertId: string, personId: string, round: string): Promise<string | undefined> {
    const id = randomUUID();
    return this.db.transaction().execute(async (trx) => {
      // Claimed already: by another alert, or by this one in a re-run of the round (same transaction as the
      // check-in, so a claim always has its check-in).
      const claim = await trx
        .insertInto('checkin_rounds')
        .values({ person_id: personId, round, alert_id: alertId })
        .onConflict((oc) => oc.columns(['person_id', 'round']).doNothing())
        .executeTakeFirst();
      if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
      const res = await trx
        .insertInto('checkins')
        .values({
          id,
          alert_id: alertId,
          person_id: personId,
          round,
          sent_at: this.now().toISOString(),
          reminders: 0,
          answer: null,
          answered_at: null,
          escalated_at: null,
          taken_by: null,
          taken_at: null,
          manager_alerted_at: null,
          reminded_at: null,
        })
        .onConflict((oc) => oc.columns(['alert_id', 'round', 'person_id']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? id : undefined;
    });
  }

  async get(id: string): Promise<Checkin | undefined> {
    const r = await this.db.selectFrom('checkins').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toCheckin(r);
  }

  /** Records the person's answer; only the person asked can answer, and only once. */
  async answer(id: string, personId: string, answer: CheckinAnswer): Promise<'recorded' | 'already' | 'not-yours'> {
    const c = await this.get(id);
    if (!c || c.personId !== personId) return 'not-yours';
    if (c.answer) return 'already';
    await this.db
      .updateTable('checkins')
      .set({ answer, answered_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('answer', 'is', null)
      .execute();
    return 'recorded';
  }

  /** A volunteer saw the person and all is well: the check-in counts as answered (no reminder, no escalation). */
  async markSeen(id: string): Promise<void> {
    await this.db
      .updateTable('checkins')
      .set({ answer: 'ok', answered_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('answer', 'is', null)
      .execute();
  }

  async markReminder(id: string): Promise<void> {
    const c = await this.get(id);
    await this.db
      .updateTable('checkins')
      .set({ reminders: (c?.reminders ?? 0) + 1, reminded_at: this.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async markEscalated(id: string): Promise<void> {
    await this.db
      .updateTable('checkins')
      .set({ escalated_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('escalated_at', 'is', null)
      .execute();
  }

  /** A volunteer says "I'll go": the first one wins. */
  async take(id: string, volunteerId: string): Promise<boolean> {
    const res = await this.db
      .updateTable('checkins')
      .set({ taken_by: volunteerId, taken_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('taken_by', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async markManagerAlerted(id: string): Promise<void> {
    await this.db
      .updateTable('checkins')
      .set({ manager_alerted_at: this.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** For the eco-manager's follow-up (/suivi): every check-in of an alert with where the person lives. */
  async forAlert(alertId: string): Promise<(Checkin & { address: string | null; name: string | null })[]> {
    const rows = await this.db
      .selectFrom('checkins')
      .leftJoin('network_members', 'network_members.person_id', 'checkins.person_id')
      .selectAll('checkins')
      .select(['network_members.address', 'network_members.display_name'])
      .where('checkins.alert_id', '=', alertId)
      .orderBy('checkins.sent_at')
      .execute();
    return rows.map((r) => ({ ...toCheckin(r), address: r.address, name: r.display_name ?? null }));
  }
}

function toCheckin(r: {
  id: string;
  alert_id: string;
  person_id: string;
  round: string;
  sent_at: string;
  reminders: number;
  answer: string | null;
  answered_at: string | null;
  escalated_at: string | null;
  taken_by: string | null;
  taken_at: string | null;
  manager_alerted_at: string | null;
  reminded_at?: string | null;
}): Checkin {
  return {
    id: r.id,
    alertId: r.alert_id,
    personId: r.person_id,
    round: r.round,
    sentAt: r.sent_at,
    reminders: Number(r.reminders),
    answer: r.answer as CheckinAnswer | null,
    answeredAt: r.answered_at,
    escalatedAt: r.escalated_at,
    takenBy: r.taken_by,
    takenAt: r.taken_at,
    managerAlertedAt: r.manager_alerted_at,
    remindedAt: r.reminded_at ?? null,
  };
}
