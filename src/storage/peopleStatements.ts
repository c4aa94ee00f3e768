import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database, PeopleTable } from './schema.js';
import type { Db } from './database.js';
import { CHANNELS, type Channel } from '../channel.js';
import { preparedQuery } from './preparedQuery.js';
import { insertByColumns, insertTogether, keyIn, readTogether } from './together.js';

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

export type PeopleStatements = ReturnType<typeof peopleStatements>;

/**
 * The people directory's statements that nearly every update runs: the person with their flow (compiled once,
 * preparedQuery), a newcomer created, "holds nothing" when a flow ends. On PostgreSQL each is one statement for
 * the updates handled together (src/storage/together.ts).
 */
export function peopleStatements(db: Db) {
  const identity = (p: { channel: string; channel_user_id: string }) => `${p.channel}:${p.channel_user_id}`;
  const columns = ['id', 'channel', 'channel_user_id', 'chat_id', 'language', 'created_at'] as const;
  const insertMany = insertByColumns<Pick<PeopleTable, (typeof columns)[number]>, PeopleTable>(
    db,
    'people',
    columns,
    sql`on conflict (channel, channel_user_id) do nothing returning *`,
  );
  const one = personWithFlowQuery(db);
  const many = peopleWithFlowQuery(db);
  const byChannel = new Map(
    CHANNELS.map((channel) => [
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
    ]),
  );
  return {
    personWithFlow: (channel: Channel, channelUserId: string) => byChannel.get(channel)!(channelUserId),
    create: insertTogether<PeopleTable, PeopleTable>(
      db,
      async (rows) =>
        rows.length > 1
          ? (await insertMany(rows)).rows
          : db
              .insertInto('people')
              .values(rows)
              .onConflict((oc) => oc.columns(['channel', 'channel_user_id']).doNothing())
              .returningAll()
              .execute(),
      identity,
      identity,
    ),
    holding: readTogether(
      db,
      (ids) => db.selectFrom('people').select('id').where('id', '=', keyIn(ids)).where(holdsSomething).execute(),
      (row) => row.id,
    ),
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
