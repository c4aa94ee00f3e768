import { parseArgs } from 'node:util';
import { systemClock } from '../../clock.js';
import { type Config, ConfigError } from '../../config.js';
import { openDatabase } from '../../storage/database.js';
import { AuditLog } from '../../storage/auditLog.js';
import { PrivateFileRefused, writePrivateFile } from '../../storage/privateFiles.js';
import { MairieRegistry } from './registry.js';

/** `npm run cli -- export --quartier ID --out FILE.csv`: the CSV of /export, written to a file, audited. */
export async function registryExportCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { quartier: { type: 'string' }, out: { type: 'string' } } });
  const quartier = config.quartiers.find((q) => q.id === values.quartier);
  if (!quartier || !values.out) throw new ConfigError('export: --quartier ID and --out FILE.csv are needed');
  if (!config.registryExport) throw new ConfigError('export: REGISTRY_EXPORT is off in this installation');
  const db = await openDatabase(config.database);
  try {
    const { csv, count } = await new MairieRegistry(db, systemClock).csv(quartier.id);
    // Only its owner may read it: it lists vulnerable people and where they live.
    try {
      writePrivateFile(values.out, csv);
    } catch (err) {
      if (err instanceof PrivateFileRefused) throw new ConfigError(`export : ${err.message}`);
      const code = (err as NodeJS.ErrnoException).code;
      if (code) throw new ConfigError(`export : impossible d'écrire « ${values.out} » (${code}).`);
      throw err;
    }
    await new AuditLog(db, systemClock).record('cli', 'registry.export', { quartier: quartier.id, count });
    console.log(`${values.out}: ${count} person(s) of ${quartier.name} who consented to the registry`);
  } finally {
    await db.destroy();
  }
  return 0;
}
