import { createAlertWorker } from './heat-alerts/worker.js';
import { createMeetingWorker } from './meetings/worker.js';
import { createTipWorker } from './tips/worker.js';
import {
  asModule,
  type ConsolePageFactory,
  type DeliveryTexts,
  type FeatureDeclaration,
  type FeatureModule,
  type FeatureWorker,
} from './feature.js';
import { heatAlertTexts } from './heat-alerts/texts.js';
import { meetingTexts } from './meetings/texts.js';
import { tipTexts } from './tips/worker.js';
import { identityLinkTexts } from './identity-links/texts.js';
import { basics } from './basics.js';
import { networkModule } from './network/module.js';
import { heatAlertsModule } from './heat-alerts/module.js';
import { meetingsModule } from './meetings/module.js';
import { tipsModule } from './tips/module.js';
import { faqModule } from './faq/module.js';
import { identityLinks } from './identity-links/commands.js';
import { posters } from './posters/commands.js';
import { vigilanceTexts } from './heat-alerts/vigilanceTexts.js';
import { approvalTexts } from './heat-alerts/approvalTexts.js';
import { visitTexts } from './heat-alerts/visitDesk.js';
import { faqTexts } from './faq/questionDesk.js';
import { consoleAccess } from './console-access/commands.js';
import { exportPage, quartierPage } from './network/console.js';
import { documentsPage, questionsPage } from './faq/console.js';
import { alertsPage } from './heat-alerts/console.js';
import { meetingsPage } from './meetings/console.js';
import { journalPage } from '../console/journal.js';
import { coverageTexts } from './network/coverage.js';
import { coolPlaces } from './cool-places/module.js';
import type { AppContext } from '../context.js';
import type { FeatureJobParts } from '../jobs/featureParts.js';
import { networkJobParts } from './network/jobParts.js';
import { heatAlertJobParts } from './heat-alerts/jobParts.js';
import { meetingJobParts } from './meetings/jobParts.js';
import { tipJobParts } from './tips/jobParts.js';
import { faqJobParts } from './faq/jobParts.js';

import type { ChatFeatures } from '../core/chatFeature.js';

export type { FeatureWorkerDeps } from './feature.js';

/**
 * Every feature of Relais. The router, the forms (Slack modals), the command words and Telegram's command
 * menu come from this list, and what each declares (FeatureModule: migrations, texts, config, workers…) is
 * assembled from it by the composition roots.
 */
export const FEATURES: FeatureDeclaration[] = [
  basics,
  networkModule,
  heatAlertsModule,
  meetingsModule,
  tipsModule,
  faqModule,
  identityLinks,
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

/** Every feature's pages in the eco-managers' web console (src/console/), in no particular order. */
export const CONSOLE_PAGES: ConsolePageFactory[] = [
  quartierPage,
  questionsPage,
  documentsPage,
  alertsPage,
  meetingsPage,
  journalPage,
  (ctx) => (ctx.config.registryExport ? exportPage(ctx) : undefined),
  ...FEATURE_MODULES.flatMap((m) => m.consolePages ?? []),
];

/** Every feature's proactive messages, by delivery kind (the delivery worker renders through these). */
export const DELIVERY_TEXTS: DeliveryTexts[] = [
  heatAlertTexts,
  vigilanceTexts,
  approvalTexts,
  visitTexts,
  faqTexts,
  meetingTexts,
  tipTexts,
  identityLinkTexts,
  coverageTexts,
  ...FEATURE_MODULES.flatMap((m) => m.deliveryTexts ?? []),
];

/** The BullMQ workers of the features that schedule work (started by the worker role, src/jobs/workers.ts). */
export const FEATURE_WORKERS: FeatureWorker[] = [
  createAlertWorker,
  createMeetingWorker,
  createTipWorker,
  ...FEATURE_MODULES.flatMap((m) => m.workers ?? []),
];

/**
 * The features' parts of the jobs layer, given the context (src/app.ts puts them in `ctx.featureJobParts`):
 * queues, rebuild after a Redis loss and purge — in this order, which is the rebuild report's and the purge's —,
 * delivery hooks, and every feature's proactive messages and workers (the last part).
 */
export const FEATURE_JOB_PARTS: ((ctx: AppContext) => FeatureJobParts)[] = [
  networkJobParts,
  heatAlertJobParts,
  meetingJobParts,
  tipJobParts,
  faqJobParts,
  ...FEATURE_MODULES.flatMap((m) => (m.jobs ? [m.jobs] : [])),
  (ctx) => ({
    deliveryWriters: DELIVERY_TEXTS.map((texts) => ({ kinds: texts.kinds, create: () => texts.create(ctx) })),
    workers: FEATURE_WORKERS.map((start) => (senders) => start({ ctx, senders, connection: ctx.redis })),
  }),
];

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
