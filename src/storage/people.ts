import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';
import type { Language } from '../i18n/translator.js';
import type { Channel } from '../channel.js';
import { flowStateOf, type StoredFlowState } from './flowStates.js';
import { type PeopleStatements, peopleStatements } from './peopleStatements.js';

export { holdsSomething } from './peopleStatements.js';

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

/** One row per channel identity; it is all we know of someone who has not joined anything. */
export class PeopleDirectory {
  /** The statements nearly every update runs, gathered on PostgreSQL (peopleStatements.ts). */
  private readonly statements: PeopleStatements;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    /** Run after an erasure so that no copy of the erased rows stays in the database files. */
    private readonly afterErase: () => Promise<void> = async () => {},
  ) {
    this.statements = peopleStatements(db);
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
    const row = await this.statements.personWithFlow(channel, channelUserId);
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
    // The new row comes back with the insert (one round trip, shared by the newcomers of the same moment on
    // PostgreSQL); another process that created it first wins.
    const inserted = await this.statements.create({
      id: randomUUID(),
      channel,
      channel_user_id: channelUserId,
      chat_id: chatId,
      language,
      created_at: this.now().toISOString(),
      unreachable_at: null,
      linked_to: null,
    });
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
    return !(await this.statements.holding(id));
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
