import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../../clock.js';
import type { FeatureCli } from '../feature.js';
import { importOpenData } from './importer.js';
import { OpenDataError } from './openData.js';
import { CoolPlaces } from './repository.js';
import { coolKey, coolTexts } from './texts.js';

/** `npm run cli -- cool-places import --quartier ID FILE`: the City's CSV or GeoJSON into a quartier. */
export const coolPlacesCli: FeatureCli = {
  word: 'cool-places',
  usage: '  npm run cli -- cool-places import --quartier ID FILE   the City\'s "îlots de fraîcheur" CSV or GeoJSON',
  async run(args, { config, openDb }) {
    const { values, positionals } = parseArgs({
      args,
      options: { quartier: { type: 'string' } },
      allowPositionals: true,
    });
    const [verb, path] = positionals;
    const quartier = values.quartier;
    if (verb !== 'import' || !path || !quartier || !config.quartiers.some((q) => q.id === quartier)) {
      console.error(`${coolPlacesCli.usage}\n  quartiers: ${config.quartiers.map((q) => q.id).join(', ')}`);
      return 2;
    }
    const db = await openDb();
    try {
      const r = await importOpenData(new CoolPlaces(db, systemClock), quartier, readFileSync(path, 'utf8'));
      console.log(
        `${r.dataset}: added ${r.added}, updated ${r.updated}, removed ${r.removed}; outside the quartier ` +
          `${r.outside}, without position ${r.withoutPosition}, unreadable hours ${r.unreadableHours}`,
      );
      return 0;
    } catch (err) {
      if (!(err instanceof OpenDataError)) throw err;
      const t = coolTexts('fr');
      console.error(t(coolKey(`import.error.${err.code}`), { ...err.params, quartier }));
      return 1;
    } finally {
      await db.destroy();
    }
  },
};
