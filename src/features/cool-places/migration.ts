import type { Kysely, Migration } from 'kysely';

/**
 * The feature's table. Hours are JSON (WeekHours: Monday first, minutes after midnight); booleans are 0/1 so
 * SQLite and PostgreSQL read them the same way; coordinates are double precision (a float4 would move a
 * place by a metre or so).
 */
export type CoolPlacesTable = {
  id: string;
  quartier: string;
  /** "opendata:<dataset>:<identifiant>" for an imported place (unique per quartier), null for one added by hand. */
  source_id: string | null;
  name: string;
  kind: string;
  address: string;
  lat: number;
  lon: number;
  hours: string;
  heat_wave_hours: string | null;
  night_opening: number;
  open_24h: number;
  wheelchair: number | null;
  free: number | null;
  note: string | null;
  /** Paris date (yyyy-MM-dd) an eco-manager closed it for. */
  closed_on: string | null;
  created_at: string;
  updated_at: string;
};

// Types, not interfaces: Kysely's withTables wants indexable records.
export type CoolPlacesDatabase = {
  cool_places: CoolPlacesTable;
};

/** Declared by the feature (module.ts) as 'cool-places/0001_places', applied after the shared list. */
export const coolPlacesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cool_places')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('quartier', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('hours', 'text', (c) => c.notNull())
      .addColumn('heat_wave_hours', 'text')
      .addColumn('night_opening', 'integer', (c) => c.notNull())
      .addColumn('open_24h', 'integer', (c) => c.notNull())
      .addColumn('wheelchair', 'integer')
      .addColumn('free', 'integer')
      .addColumn('note', 'text')
      .addColumn('closed_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // A re-import finds its rows by source id: never two copies of one open-data place in a quartier.
      .addUniqueConstraint('cool_places_source', ['quartier', 'source_id'])
      .execute();
    await db.schema.createIndex('cool_places_quartier').on('cool_places').columns(['quartier', 'name']).execute();
  },
};
