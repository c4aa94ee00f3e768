import { asModule, type ConsolePageFactory, type FeatureDeclaration, type FeatureModule } from './feature.js';
import type { AppContext } from './context.js';
import type { ChatFeatures } from '../core/chatFeature.js';
import type { FeatureJobParts } from '../jobs/featureParts.js';
import type { Senders } from '../bots/outbound.js';
import { journalPage } from '../console/journal.js';
import { basics } from './basics.js';
import { networkModule } from './network/module.js';
import { heatAlertsModule } from './heat-alerts/module.js';
import { meetingsModule } from './meetings/module.js';
import { tipsModule } from './tips/module.js';
import { faqModule } from './faq/module.js';
import { identityLinksModule } from './identity-links/module.js';
import { posters } from './posters/commands.js';
import { consoleAccess } from './console-access/commands.js';
import { coolPlaces } from './cool-places/module.js';

export type { FeatureWorkerDeps } from './feature.js';

/**
 * Every feature of Relais, each declaring everything it adds in its folder (FeatureModule: commands, flows,
 * migrations, texts, config, proactive messages, workers, jobs, console pages, CLI). The composition roots hand
 * each part to the shared layer that assembles it; adding a feature is adding its folder and a line here. The
 * order matters: the router asks features in this order, and the rebuild and the purge run in it.
 */
export const FEATURES: FeatureDeclaration[] = [
  basics,
  networkModule,
  heatAlertsModule,
  meetingsModule,
  tipsModule,
  faqModule,
  identityLinksModule,
  posters,
  consoleAccess,
  coolPlaces,
];

/** The declarations of FEATURES, each as a whole FeatureModule. */
export const FEATURE_MODULES: FeatureModule[] = FEATURES.map(asModule);

/** The features the conversation is built from (src/core/conversation.ts), in FEATURES' order. */
export const chatFeatures =
  (ctx: AppContext): ChatFeatures =>
  (kit) =>
    FEATURE_MODULES.flatMap((m) => (m.create ? [m.create(ctx, kit)] : []));

/** Every page of the eco-managers' web console (src/console/): the features', and the shared journal. */
export const CONSOLE_PAGES: ConsolePageFactory[] = [
  ...FEATURE_MODULES.flatMap((m) => m.consolePages ?? []),
  journalPage,
];

/**
 * Each feature's part of the jobs layer, given the context (src/app.ts puts them in `ctx.featureJobParts`): its
 * `jobs` (queues, rebuild after a Redis loss, purge, delivery hooks) with its proactive messages and workers, in
 * FEATURES' order (the rebuild report's and the purge's).
 */
export const FEATURE_JOB_PARTS: ((ctx: AppContext) => FeatureJobParts)[] = FEATURE_MODULES.map((m) => (ctx) => {
  const own = m.jobs?.(ctx) ?? {};
  return {
    ...own,
    deliveryWriters: [
      ...(own.deliveryWriters ?? []),
      ...(m.deliveryTexts ?? []).map((texts) => ({ kinds: texts.kinds, create: () => texts.create(ctx) })),
    ],
    workers: [
      ...(own.workers ?? []),
      ...(m.workers ?? []).map((start) => (senders: Senders) => start({ ctx, senders, connection: ctx.redis })),
    ],
  };
});

/** The features' migrations, in their order (src/storage/featureMigrations.ts applies them). */
export const FEATURE_MIGRATIONS = FEATURE_MODULES.flatMap((m) =>
  m.migrations ? [{ feature: m.id, migrations: m.migrations }] : [],
);

/** The features' own texts, each under its id (src/i18n/translator.ts merges them). */
export const FEATURE_LOCALES = FEATURE_MODULES.flatMap((m) =>
  m.locales ? [{ namespace: m.id, catalogs: m.locales }] : [],
);

/** The features' own environment variables (parsed with the rest by loadConfig, src/config.ts). */
export const FEATURE_CONFIGS = FEATURE_MODULES.flatMap((m) => (m.config ? [{ feature: m.id, schema: m.config }] : []));

/** The features' flows, given the context (src/app.ts registers them with the one engine). */
export const FEATURE_FLOWS = FEATURE_MODULES.flatMap((m) => (m.flows ? [m.flows] : []));

/** The features' CLI commands (src/cli.ts). */
export const FEATURE_CLI = FEATURE_MODULES.flatMap((m) => m.cli ?? []);
