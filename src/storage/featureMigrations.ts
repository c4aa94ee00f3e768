import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/** A feature's own migrations (declared in its folder), named by the feature. Append; never edit a shipped one. */
export interface FeatureMigrations {
  feature: string;
  migrations: Record<string, Migration>;
}

/**
 * Applies the features' migrations after the shared list, in the features' order then each feature's own. They
 * are booked in their own table (`kysely_feature_migration`) as `<feature>/<name>`: opening the database without
 * the features (a tool, a test) leaves them alone instead of finding "missing" migrations, and a feature added
 * in the middle of the list still gets its tables (order across features never matters: none shares a table).
 */
export async function migrateFeatures(db: Kysely<any>, features: FeatureMigrations[], schema?: string): Promise<void> {
  const named = features.flatMap((f) =>
    Object.entries(f.migrations).map(([name, m]): [string, Migration] => [`${f.feature}/${name}`, m]),
  );
  if (!named.length) return;
  const order = new Map<string, number>(named.map(([name], i) => [name, i]));
  const provider: MigrationProvider = { getMigrations: async () => Object.fromEntries(named) };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'kysely_feature_migration',
    migrationLockTableName: 'kysely_feature_migration_lock',
    allowUnorderedMigrations: true,
    // The declared order, not the names' alphabetical one.
    nameComparator: (a, b) => (order.get(a) ?? named.length) - (order.get(b) ?? named.length) || a.localeCompare(b),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Feature migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`, {
      cause: error,
    });
  }
}
