import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { toolkitMigrations } from './toolkitMigrations.js';
import { consoleMigrations } from './consoleMigrations.js';
import { type MigrationNote, networkMigrations } from './networkMigrations.js';

/**
 * Migrations are code (not files on disk) so the same list runs from `tsx` and from tests.
 * Append new ones; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('channel_user_id', 'text', (c) => c.notNull())
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('people_channel_user', ['channel', 'channel_user_id'])
        .execute();
      await db.schema
        .createTable('flow_states')
        .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('history', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('flow_states_updated').on('flow_states').column('updated_at').execute();
      await db.schema
        .createTable('network_members')
        .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
        .addColumn('quartier', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('availability', 'text')
        .addColumn('needs', 'text')
        .addColumn('consent_version', 'text', (c) => c.notNull())
        .addColumn('consent_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('network_members_quartier_role')
        .on('network_members')
        .columns(['quartier', 'role'])
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_knowledge': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('kb_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kb_chunks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('document_id', 'text', (c) => c.notNull().references('kb_documents.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('heading', 'text')
        .addColumn('page', 'integer')
        .execute();
      await db.schema.createIndex('kb_chunks_document').on('kb_chunks').column('document_id').execute();
    },
  },
  '0003_heat_alerts': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('people').addColumn('unreachable_at', 'text').execute();
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('quartiers', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('checkin_pattern', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('report_chat', 'text')
        .addColumn('report_message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await db.schema
        .createTable('deliveries')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text')
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema
        .createIndex('deliveries_alert')
        .on('deliveries')
        .columns(['alert_id', 'kind', 'status'])
        .execute();
      await db.schema
        .createTable('checkins')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('round', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('answer', 'text')
        .addColumn('answered_at', 'text')
        .addColumn('escalated_at', 'text')
        .addColumn('taken_by', 'text')
        .addColumn('taken_at', 'text')
        .addColumn('manager_alerted_at', 'text')
        .addUniqueConstraint('checkins_round_person', ['alert_id', 'round', 'person_id'])
        .execute();
      await db.schema
        .createTable('matches')
        .addColumn('supported_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('volunteer_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('matches_pk', ['supported_id', 'volunteer_id'])
        .execute();
    },
  },
  '0004_slack_meetings_tips': {
    async up(db: Kysely<any>) {
      // An identity linked with /lier shares the network membership of the identity it points to.
      await db.schema
        .alterTable('people')
        .addColumn('linked_to', 'text', (c) => c.references('people.id').onDelete('cascade'))
        .execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('quartier', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer')
        .addColumn('invite', 'text', (c) => c.notNull())
        .addColumn('reminders', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('followup_text', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_quartier_start').on('events').columns(['quartier', 'starts_at']).execute();
      await db.schema
        .createTable('event_registrations')
        .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        // Order of arrival per meeting (the waiting list's order; timestamps can tie).
        .addColumn('queue_order', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_registrations_pk', ['event_id', 'person_id'])
        .execute();
      await db.schema.createIndex('event_registrations_person').on('event_registrations').column('person_id').execute();
      await db.schema
        .createTable('tip_subscriptions')
        .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
        .addColumn('quartier', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('size', 'text', (c) => c.notNull())
        .addColumn('weekday', 'integer', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tips_sent')
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('tip_id', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tips_sent_pk', ['person_id', 'tip_id'])
        .execute();
    },
  },
  '0005_knowledge_vectors': {
    async up(db: Kysely<any>) {
      // Embeddings of chunks when an embeddings endpoint is configured; re-ingesting a document drops them.
      await db.schema
        .createTable('kb_vectors')
        .addColumn('chunk_id', 'text', (c) => c.notNull().references('kb_chunks.id').onDelete('cascade'))
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('vector', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('kb_vectors_pk', ['chunk_id', 'model'])
        .execute();
      // Never read: the live report goes to the chat of the eco-manager who created the alert.
      await db.schema.alterTable('alerts').dropColumn('report_chat').execute();
    },
  },
  '0006_production_proofing': {
    async up(db: Kysely<any>) {
      // What a delivery is about (alert, check-in, meeting id): lets a lost queue be rebuilt from this table.
      await db.schema.alterTable('deliveries').addColumn('ref', 'text').execute();
      await db.schema.createIndex('deliveries_status').on('deliveries').columns(['status', 'channel']).execute();
      // When the reminder went out: the next deadline (volunteers) is due a grace period after it.
      await db.schema.alterTable('checkins').addColumn('reminded_at', 'text').execute();
      // One "Tout va bien ?" per person and round, whatever the number of alerts covering them.
      await db.schema
        .createTable('checkin_rounds')
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('round', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkin_rounds_pk', ['person_id', 'round'])
        .execute();
      // Platform updates claimed before they are handled: each update_id is handled once, and one cut
      // short by a crash is handled at the next start (its body is dropped once handled).
      await db.schema
        .createTable('inbound_updates')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('update_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('done_at', 'text')
        .addPrimaryKeyConstraint('inbound_updates_pk', ['channel', 'update_id'])
        .execute();
      await db.schema.createIndex('inbound_updates_received').on('inbound_updates').column('received_at').execute();
    },
  },
  ...toolkitMigrations,
  ...consoleMigrations,
  // Features declare their own tables' migrations (src/storage/featureMigrations.ts), applied after these.
};

/**
 * `schema` pins Kysely's bookkeeping tables to the schema in use: its existence check looks across all
 * PostgreSQL schemas, so another install (or test) in the same database would otherwise fool it.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string, note: MigrationNote = () => {}) {
  // Appended after the others: migrations run in the order of their names.
  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations, ...networkMigrations(note) }) };
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`, {
      cause: error,
    });
  }
}
