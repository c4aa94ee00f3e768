import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Db } from '../../storage/database.js';
import { keyIn, readAllTogether } from '../../storage/together.js';
import type { AuditLog } from '../../storage/auditLog.js';
import type { AudienceDirectory, Recipient } from '../../domain/audience.js';
import { foldText } from '../../i18n/folding.js';

export {
  DEFAULT_REMINDERS,
  INVITE_AUDIENCES,
  MEETING_KINDS,
  type Meeting,
  type MeetingKind,
  NewMeeting,
  type RegisterOutcome,
  type RegistrationStatus,
  reminderTime,
} from './meeting.js';
import { type Meeting, toMeeting, NewMeeting, type RegisterOutcome, type RegistrationStatus } from './meeting.js';

/** Rénovation meetings: réunions d'information, balades thermiques, visites, ateliers, AG, DTG. */
export class RenovationMeetings {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly alerts: AudienceDirectory,
    private readonly now: () => Date,
    /** PostgreSQL needs an explicit row lock; SQLite serialises write transactions by itself. */
    private readonly dialect: 'postgres' | 'sqlite',
  ) {
    this.registrationRows = registrationRowsOf(db, now);
  }

  /** Read by /mesdonnees and /agenda: on PostgreSQL one statement for the updates handled together. */
  private readonly registrationRows: ReturnType<typeof registrationRowsOf>;

  async create(input: NewMeeting, createdBy: string): Promise<Meeting> {
    const m = NewMeeting.parse(input);
    const id = randomUUID();
    const at = this.now().toISOString();
    await this.db
      .insertInto('events')
      .values({
        id,
        kind: m.kind,
        title: m.title,
        quartier: m.quartier,
        place: m.place,
        starts_at: m.startsAt.toISOString(),
        ends_at: m.endsAt.toISOString(),
        capacity: m.capacity,
        invite: JSON.stringify(m.invite),
        reminders: m.reminders.join(','),
        status: 'scheduled',
        followup_text: null,
        created_by: createdBy,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await this.audit.record(createdBy, 'meeting.create', { meeting: id, quartier: m.quartier, kind: m.kind });
    return { ...m, id, status: 'scheduled', followupText: null, createdBy };
  }

  async get(id: string): Promise<Meeting | undefined> {
    const row = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMeeting(row);
  }

  /** Scheduled meetings not yet over, soonest first (in these quartiers, or all). */
  async upcoming(quartiers?: string[], limit = 10): Promise<Meeting[]> {
    let q = this.db
      .selectFrom('events')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('ends_at', '>', this.now().toISOString());
    if (quartiers) q = q.where('quartier', 'in', quartiers.length ? quartiers : ['']);
    const rows = await q.orderBy('starts_at').limit(limit).execute();
    return rows.map(toMeeting);
  }

  /** Meetings of these quartiers that ended recently or are coming (the eco-manager's list). */
  async ofQuartiers(quartiers: string[], limit = 10): Promise<Meeting[]> {
    const since = new Date(this.now().getTime() - 30 * 86_400_000).toISOString();
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('quartier', 'in', quartiers.length ? quartiers : [''])
      .where('ends_at', '>', since)
      .orderBy('starts_at')
      .limit(limit)
      .execute();
    return rows.map(toMeeting);
  }

  /**
   * Registers, or puts on the waiting list when full. Serialised per meeting so two people never take the last place.
   */
  async register(meetingId: string, personId: string): Promise<RegisterOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockMeeting(trx, meetingId);
      if (!row) return { refused: 'unknown' as const };
      if (row.status !== 'scheduled') return { refused: 'cancelled' as const };
      if (new Date(row.starts_at) <= this.now()) return { refused: 'past' as const };
      const existing = await registrationIn(trx, meetingId, personId);
      if (existing) return { status: existing, already: true };
      const registered = await countWhere(trx, meetingId, 'registered');
      const status: RegistrationStatus = row.capacity === null || registered < row.capacity ? 'registered' : 'waiting';
      // The meeting row is locked (or SQLite's write lock held): this order of arrival is unique per meeting.
      const last = await trx
        .selectFrom('event_registrations')
        .select(sql<number>`max(queue_order)`.as('n'))
        .where('event_id', '=', meetingId)
        .executeTakeFirst();
      const order = Number(last?.n ?? 0) + 1;
      await trx
        .insertInto('event_registrations')
        .values({
          event_id: meetingId,
          person_id: personId,
          status,
          queue_order: order,
          created_at: this.now().toISOString(),
        })
        .execute();
      return status === 'waiting' ? { status, position: await countWhere(trx, meetingId, 'waiting') } : { status };
    });
  }

  /** Cancels a registration; a freed place goes to the first on the waiting list, whose id is returned. */
  async unregister(meetingId: string, personId: string): Promise<{ was?: RegistrationStatus; promoted?: string }> {
    return this.db.transaction().execute(async (trx) => {
      const meeting = await this.lockMeeting(trx, meetingId);
      const existing = await registrationIn(trx, meetingId, personId);
      if (!meeting || !existing) return {};
      await trx
        .deleteFrom('event_registrations')
        .where('event_id', '=', meetingId)
        .where('person_id', '=', personId)
        .execute();
      if (existing !== 'registered') return { was: existing };
      const next = await trx
        .selectFrom('event_registrations')
        .select('person_id')
        .where('event_id', '=', meetingId)
        .where('status', '=', 'waiting')
        .orderBy('queue_order')
        .limit(1)
        .executeTakeFirst();
      if (!next) return { was: 'registered' };
      await trx
        .updateTable('event_registrations')
        .set({ status: 'registered' })
        .where('event_id', '=', meetingId)
        .where('person_id', '=', next.person_id)
        .execute();
      return { was: 'registered', promoted: next.person_id };
    });
  }

  registrationOf(meetingId: string, personId: string): Promise<RegistrationStatus | undefined> {
    return registrationIn(this.db, meetingId, personId);
  }

  /** Upcoming meetings a person registered for (or waits for). */
  async registrationsOf(personId: string): Promise<(Meeting & { registration: RegistrationStatus })[]> {
    const rows = await this.registrationRows(personId);
    return rows.map((r) => ({ ...toMeeting(r), registration: r.registration as RegistrationStatus }));
  }

  /** Everyone registered (or waiting), to tell them of a move or a cancellation. */
  async attendees(meetingId: string, status?: RegistrationStatus): Promise<Recipient[]> {
    let q = this.db
      .selectFrom('event_registrations')
      .innerJoin('people', 'people.id', 'event_registrations.person_id')
      .select([
        'people.id as personId',
        'people.channel',
        'people.chat_id as chatId',
        'people.language',
        'event_registrations.status as role',
      ])
      .where('event_registrations.event_id', '=', meetingId);
    if (status) q = q.where('event_registrations.status', '=', status);
    const rows = await q.orderBy('people.id').execute();
    return rows.map((r) => ({ ...r, quartier: '' }));
  }

  async counts(meetingId: string): Promise<{ registered: number; waiting: number }> {
    return {
      registered: await countWhere(this.db, meetingId, 'registered'),
      waiting: await countWhere(this.db, meetingId, 'waiting'),
    };
  }

  /** The network members invited, per the meeting's invite rule. */
  async invitees(m: Meeting): Promise<Recipient[]> {
    if (m.invite.audience === 'none') return [];
    const members = await this.alerts.recipients([m.quartier], m.invite.audience);
    if (!m.invite.street) return members;
    const street = foldText(m.invite.street);
    const addresses = await this.db
      .selectFrom('network_members')
      .select(['person_id', 'address'])
      .where('quartier', '=', m.quartier)
      .execute();
    const onStreet = new Set(addresses.filter((a) => foldText(a.address).includes(street)).map((a) => a.person_id));
    return members.filter((r) => onStreet.has(r.personId));
  }

  async move(meetingId: string, startsAt: Date, endsAt: Date, by: string): Promise<void> {
    await this.db
      .updateTable('events')
      .set({ starts_at: startsAt.toISOString(), ends_at: endsAt.toISOString(), updated_at: this.now().toISOString() })
      .where('id', '=', meetingId)
      .execute();
    await this.audit.record(by, 'meeting.move', { meeting: meetingId });
  }

  async cancel(meetingId: string, by: string): Promise<void> {
    await this.db
      .updateTable('events')
      .set({ status: 'cancelled', updated_at: this.now().toISOString() })
      .where('id', '=', meetingId)
      .execute();
    await this.audit.record(by, 'meeting.cancel', { meeting: meetingId });
  }

  async setFollowup(meetingId: string, text: string, by: string): Promise<void> {
    await this.db
      .updateTable('events')
      .set({ followup_text: text, updated_at: this.now().toISOString() })
      .where('id', '=', meetingId)
      .execute();
    await this.audit.record(by, 'meeting.followup', { meeting: meetingId });
  }

  /** The meeting row, locked until the transaction ends: PostgreSQL needs it; SQLite serialises writers anyway. */
  private lockMeeting(trx: Transaction<Database>, meetingId: string) {
    const q = trx.selectFrom('events').selectAll().where('id', '=', meetingId);
    return (this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  }
}

async function registrationIn(
  db: Pick<Db, 'selectFrom'>,
  meetingId: string,
  personId: string,
): Promise<RegistrationStatus | undefined> {
  const row = await db
    .selectFrom('event_registrations')
    .select('status')
    .where('event_id', '=', meetingId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row?.status as RegistrationStatus | undefined;
}

async function countWhere(db: Pick<Db, 'selectFrom'>, meetingId: string, status: string): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .select(sql<number>`count(*)`.as('n'))
    .where('event_id', '=', meetingId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function registrationRowsOf(db: Db, now: () => Date) {
  return readAllTogether(
    db,
    (personIds) =>
      db
        .selectFrom('event_registrations')
        .innerJoin('events', 'events.id', 'event_registrations.event_id')
        .selectAll('events')
        .select(['event_registrations.status as registration', 'event_registrations.person_id'])
        .where('event_registrations.person_id', '=', keyIn(personIds))
        .where('events.status', '=', 'scheduled')
        .where('events.ends_at', '>', now().toISOString())
        .orderBy('events.starts_at')
        .execute(),
    (row) => row.person_id,
  );
}
