import { randomUUID } from 'node:crypto';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from './schema.js';
import type { Db } from './database.js';
import type { Language } from '../i18n/translator.js';
import { CHANNELS, type Channel } from '../channel.js';
import { flowStateOf, type StoredFlowState } from './flowStates.js';
import { preparedQuery } from './preparedQuery.js';
import { readTogether } from './together.js';

export interface Person {
  id: string;
  channel: Channel;
  channelUserId: string;
  chatId: string;
  language: Language;
  unreachableAt: string | null;
  /** The person whose network membership this identity shares (after /lier). */
  linkedTo: string | null;
}

const personWithFlow = (db: Db) =>
  db
    .selectFrom('people')
    .leftJoin('flow_states', 'flow_states.person_id', 'people.id')
    .selectAll('people')
    .select([
      'flow_states.flow_id',
      'flow_states.step_id',
      'flow_states.answers',
      'flow_states.history',
      'flow_states.updated_at',
    ]);

const personWithFlowQuery = (db: Db) =>
  preparedQuery(db, (v: { channel: Channel; channelUserId: string }) =>
    personWithFlow(db).where('people.channel', '=', v.channel).where('people.channel_user_id', '=', v.channelUserId),
  );

/** PostgreSQL only: the people of one channel among many identities, their ids given as one array. */
const peopleWithFlowQuery = (db: Db) =>
  preparedQuery(db, (v: { channel: Channel; channelUserIds: string[] }) =>
    personWithFlow(db)
      .where('people.channel', '=', v.channel)
      .where('people.channel_user_id', '=', sql<string>`any(${v.channelUserIds})`),
  );

type PersonWithFlowRow = Awaited<ReturnType<ReturnType<typeof personWithFlowQuery>>>['rows'][number];

/** One row per channel identity; it is all we know of someone who has not joined anything. */
export class PeopleDirectory {
  /**
   * Nearly every update's first statement: compiled once (preparedQuery), and on PostgreSQL one statement for the
   * updates handled together (readTogether), per channel.
   */
  private readonly personWithFlow = new Map<
    Channel,
    (channelUserId: string) => Promise<PersonWithFlowRow | undefined>
  >();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    /** Run after an erasure so that no copy of the erased rows stays in the database files. */
    private readonly afterErase: () => Promise<void> = async () => {},
  ) {
    const one = personWithFlowQuery(db);
    const many = peopleWithFlowQuery(db);
    for (const channel of CHANNELS)
      this.personWithFlow.set(
        channel,
        readTogether(
          db,
          async (ids) =>
            (typeof ids === 'string'
              ? await one({ channel, channelUserId: ids })
              : await many({ channel, channelUserIds: ids })
            ).rows,
          (row) => row.channel_user_id,
        ),
      );
  }

  async find(channel: Channel, channelUserId: string): Promise<Person | undefined> {
    const row = await this.db
      .selectFrom('people')
      .selectAll()
      .where('channel', '=', channel)
      .where('channel_user_id', '=', channelUserId)
      .executeTakeFirst();
    return row && toPerson(row);
  }

  /**
   * A person and their flow in progress in one statement: what nearly every update needs first. `flow` is null
   * when they have none.
   */
  async findWithFlow(
    channel: Channel,
    channelUserId: string,
  ): Promise<{ person: Person; flow: StoredFlowState | null } | undefined> {
    const row = await this.personWithFlow.get(channel)!(channelUserId);
    if (!row) return undefined;
    const { flow_id, step_id, answers, history, updated_at } = row;
    const flow =
      flow_id && step_id && answers && history && updated_at
        ? flowStateOf({ person_id: row.id, flow_id, step_id, answers, history, updated_at })
        : null;
    return { person: toPerson(row), flow };
  }

  async byId(id: string): Promise<Person | undefined> {
    const row = await this.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPerson(row);
  }

  async findOrCreate(channel: Channel, channelUserId: string, chatId: string, language: Language): Promise<Person> {
    return (await this.findOrCreateWithFlow(channel, channelUserId, chatId, language)).person;
  }

  /** `findOrCreate`, with the flow in progress read in the same statement (null: none; a newcomer has none). */
  async findOrCreateWithFlow(
    channel: Channel,
    channelUserId: string,
    chatId: string,
    language: Language,
  ): Promise<{ person: Person; flow: StoredFlowState | null }> {
    const found = await this.findWithFlow(channel, channelUserId);
    if (found) {
      const existing = found.person;
      if (existing.chatId !== chatId || existing.unreachableAt) {
        // Writing again means they can be reached again (they unblocked the bot).
        await this.db
          .updateTable('people')
          .set({ chat_id: chatId, unreachable_at: null })
          .where('id', '=', existing.id)
          .execute();
        existing.chatId = chatId;
        existing.unreachableAt = null;
      }
      return found;
    }
    // The new row comes back with the insert (one round trip); another process that created it first wins.
    const inserted = await this.db
      .insertInto('people')
      .values({
        id: randomUUID(),
        channel,
        channel_user_id: channelUserId,
        chat_id: chatId,
        language,
        created_at: this.now().toISOString(),
        unreachable_at: null,
        linked_to: null,
      })
      .onConflict((oc) => oc.columns(['channel', 'channel_user_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { person: toPerson(inserted), flow: null };
    const created = await this.findWithFlow(channel, channelUserId);
    if (!created) throw new Error(`Could not create person for ${channel} user`);
    return created;
  }

  async setLanguage(id: string, language: Language): Promise<void> {
    await this.db.updateTable('people').set({ language }).where('id', '=', id).execute();
  }

  async markUnreachable(id: string): Promise<void> {
    await this.db
      .updateTable('people')
      .set({ unreachable_at: this.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** After /lier: `identityId` now shares `primaryId`'s membership (and leaves with it). */
  async link(identityId: string, primaryId: string): Promise<void> {
    await this.db.updateTable('people').set({ linked_to: primaryId }).where('id', '=', identityId).execute();
  }

  /** The identities linked to a person (e.g. their Slack identity for a Telegram member). */
  async linkedIdentities(primaryId: string): Promise<Person[]> {
    const rows = await this.db.selectFrom('people').selectAll().where('linked_to', '=', primaryId).execute();
    return rows.map(toPerson);
  }

  /** True when nothing but the identity row is kept (see `holdsSomething`). */
  async holdsNothing(id: string): Promise<boolean> {
    const held = await this.db
      .selectFrom('people')
      .select('id')
      .where('id', '=', id)
      .where(holdsSomething)
      .executeTakeFirst();
    return !held;
  }

  /** Real deletion: cascades to flow state and memberships. */
  async delete(id: string): Promise<void> {
    // Their questions go too: typed freely, they may hold a name, an address or a phone.
    await this.forgetQuestions(id);
    await this.db.deleteFrom('people').where('id', '=', id).execute();
    await this.afterErase();
  }
  /**
   * A person's questions, and an eco-manager's answer filed under one of their questions' words: it is filed
   * under another asker's words when someone else asked it too, and otherwise goes with it.
   */
  private async forgetQuestions(id: string): Promise<void> {
    const answered = await this.db
      .selectFrom('faq_questions')
      .select(['text', 'curated_id'])
      .where('person_id', '=', id)
      .where('curated_id', 'is not', null)
      .execute();
    for (const q of answered) {
      const curatedId = q.curated_id!;
      const other = await this.db
        .selectFrom('faq_questions')
        .select('text')
        .where('curated_id', '=', curatedId)
        .where((eb) => eb.or([eb('person_id', '!=', id), eb('person_id', 'is', null)]))
        .executeTakeFirst();
      const theirs = this.db.selectFrom('faq_curated').where('id', '=', curatedId).where('question', '=', q.text);
      if (!(await theirs.select('id').executeTakeFirst())) continue;
      if (other)
        await this.db.updateTable('faq_curated').set({ question: other.text }).where('id', '=', curatedId).execute();
      else await this.db.deleteFrom('faq_curated').where('id', '=', curatedId).execute();
    }
    await this.db.deleteFrom('faq_questions').where('person_id', '=', id).execute();
  }
}

function toPerson(row: {
  id: string;
  channel: Channel;
  channel_user_id: string;
  chat_id: string;
  language: string;
  unreachable_at: string | null;
  linked_to: string | null;
}): Person {
  return {
    id: row.id,
    channel: row.channel,
    channelUserId: row.channel_user_id,
    chatId: row.chat_id,
    language: row.language as Language,
    unreachableAt: row.unreachable_at,
    linkedTo: row.linked_to,
  };
}

/**
 * What makes an identity row worth keeping, in one place for "forget someone who cancelled" and the hourly
 * purge: a flow in progress, a membership, a tip subscription, a meeting place, a /lier link either way, or
 * an alert or meeting they created (their reports and follow-ups point at them).
 */
export function holdsSomething(eb: ExpressionBuilder<Database, 'people'>): Expression<SqlBool> {
  return eb.or([
    eb('people.linked_to', 'is not', null),
    eb.exists(
      eb.selectFrom('flow_states').select('flow_states.person_id').whereRef('flow_states.person_id', '=', 'people.id'),
    ),
    eb.exists(
      eb
        .selectFrom('network_members')
        .select('network_members.person_id')
        .whereRef('network_members.person_id', '=', 'people.id'),
    ),
    eb.exists(
      eb
        .selectFrom('tip_subscriptions')
        .select('tip_subscriptions.person_id')
        .whereRef('tip_subscriptions.person_id', '=', 'people.id'),
    ),
    eb.exists(
      eb
        .selectFrom('event_registrations')
        .select('event_registrations.person_id')
        .whereRef('event_registrations.person_id', '=', 'people.id'),
    ),
    eb.exists(eb.selectFrom('people as linked').select('linked.id').whereRef('linked.linked_to', '=', 'people.id')),
    eb.exists(eb.selectFrom('alerts').select('alerts.id').whereRef('alerts.created_by', '=', 'people.id')),
    eb.exists(eb.selectFrom('events').select('events.id').whereRef('events.created_by', '=', 'people.id')),
  ]);
}
