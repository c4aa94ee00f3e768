import type { Kysely, Migration } from 'kysely';

/** The eco-manager toolkit's tables (issue 15): vigilance levels, approval, the visit log, the registry. */
export const toolkitMigrations: Record<string, Migration> = {
  '0007_vigilance': {
    // The canicule colour of Paris last seen for each vigilance period (keyed by its start: yesterday's J1
    // is today's J, one event, one draft).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('vigilance_levels')
        .addColumn('period_begin', 'text', (c) => c.primaryKey())
        .addColumn('period_end', 'text', (c) => c.notNull())
        .addColumn('colour', 'integer', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .execute();
      // ALERT_APPROVAL=second: why a second eco-manager refused an alert, for its author.
      await db.schema.alterTable('alerts').addColumn('refusal_reason', 'text').execute();
    },
  },
  '0008_visits_and_registry': {
    async up(db: Kysely<any>) {
      // What a volunteer found at a visit during an alert: seen by the other volunteers before they go, and by
      // the eco-manager in /suivi. Erased with the person; the volunteer who leaves becomes anonymous.
      await db.schema
        .createTable('visit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
        .addColumn('checkin_id', 'text', (c) => c.notNull().references('checkins.id').onDelete('cascade'))
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('volunteer_id', 'text', (c) => c.references('people.id').onDelete('set null'))
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('visit_log_person').on('visit_log').columns(['person_id', 'recorded_at']).execute();
      // REGISTRY_EXPORT=on: the separate consent to be passed to the mairie's registry of vulnerable persons,
      // with the registry's own fields (asked only then).
      await db.schema
        .createTable('registry_entries')
        .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text')
        .addColumn('home_help', 'text')
        .addColumn('emergency_contact', 'text')
        .addColumn('requester', 'text', (c) => c.notNull())
        .addColumn('consent_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0009_faq_inbox': {
    // Questions the bot could not answer (or whose answer was marked unhelpful), for the eco-managers'
    // /questions; answers the bot gave are kept 7 days, only so that "pas utile" can find them. The asker is
    // linked to be told the eco-manager's answer; erasing them unlinks it (the question stays, anonymous).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('faq_questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('quartier', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('asked_at', 'text', (c) => c.notNull())
        .addColumn('curated_id', 'text')
        .execute();
      await db.schema.createIndex('faq_questions_status').on('faq_questions').columns(['status', 'quartier']).execute();
      // An eco-manager's answer: used first when a later question matches it, cited as theirs.
      await db.schema
        .createTable('faq_curated')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('quartier', 'text')
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0012_poster_buildings': {
    // A building's poster links to a short code, not to its address: the address is kept here, whatever its
    // characters or length (Telegram's start payload allows 64 of [A-Za-z0-9_-]).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('poster_buildings')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('quartier', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('poster_buildings_address')
        .on('poster_buildings')
        .columns(['quartier', 'address'])
        .unique()
        .execute();
    },
  },
};
