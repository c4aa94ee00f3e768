import type { Kysely, Migration } from 'kysely';

/** The eco-managers' web console (src/console/): one-time login links and server-side sessions. */
export const consoleMigrations: Record<string, Migration> = {
  '0010_console': {
    // Only hashes of the secrets are kept: a copy of the database opens no console.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('console_logins')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createTable('console_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('console_sessions_expires').on('console_sessions').column('expires_at').execute();
    },
  },
};
