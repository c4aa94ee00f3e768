import type { Kysely, Migration } from 'kysely';
import { canonicalAddress, splitAddress } from '../domain/streets.js';

/** A line for the process log (the migration runs before any logger-aware code). */
export type MigrationNote = (fields: Record<string, number>, message: string) => void;

/** What a neighbour needs to find someone (issue 23), and addresses written the one way. */
export const networkMigrations = (note: MigrationNote): Record<string, Migration> => ({
  '0013_neighbour_details': {
    async up(db: Kysely<any>) {
      // The name they want to be called by (every role); for people supported, where exactly they live and
      // the entry code (sealed with DATA_KEY, never in clear); the postcode of the street.
      for (const column of ['display_name', 'building', 'floor', 'door', 'entry_code', 'postcode']) {
        await db.schema.alterTable('network_members').addColumn(column, 'text').execute();
      }
      // The number the mairie calls, for the registry, when the network's contact is this chat only.
      await db.schema.alterTable('registry_entries').addColumn('phone', 'text').execute();
    },
  },
  '0014_normalise_addresses': {
    async up(db: Kysely<any>) {
      // Existing addresses against the quartiers' streets: "45 r aubervilliers" becomes "45 rue d'Aubervilliers".
      const rows: { person_id: string; quartier: string; address: string }[] = await db
        .selectFrom('network_members')
        .select(['person_id', 'quartier', 'address'])
        .execute();
      let normalised = 0;
      for (const r of rows) {
        const known = canonicalAddress(r.address, r.quartier);
        const postcode = known?.postcode ?? splitAddress(r.address).postcode;
        if (!known && !postcode) continue;
        if (known && known.address !== r.address) normalised++;
        await db
          .updateTable('network_members')
          .set({ address: known?.address ?? r.address, postcode })
          .where('person_id', '=', r.person_id)
          .execute();
      }
      note({ members: rows.length, normalised }, 'addresses normalised against the quartiers streets');
    },
  },
});
