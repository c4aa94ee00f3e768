import type { FeatureModule } from '../feature.js';
import { coolPlacesCli } from './cli.js';
import { coolPlacesFeature } from './commands.js';
import { addPlaceFlow } from './addFlow.js';
import { editPlaceFlow } from './editFlow.js';
import { coolPlacesMigration } from './migration.js';
import { COOL_PLACES, COOL_PLACES_LOCALES } from './texts.js';
import { CoolPlacesConfig, coolPlacesExtras } from './wiring.js';

/** Cool places during a heat wave (docs/cool-places.md): everything the feature declares, in one place. */
export const coolPlaces: FeatureModule = {
  id: COOL_PLACES,
  create: coolPlacesFeature,
  migrations: { '0001_places': coolPlacesMigration },
  locales: COOL_PLACES_LOCALES,
  config: CoolPlacesConfig,
  flows: (ctx) => [editPlaceFlow(ctx), addPlaceFlow(ctx)],
  heatAlertExtras: coolPlacesExtras,
  cli: [coolPlacesCli],
};
