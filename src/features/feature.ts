import type { AppContext } from './context.js';
import type { DeliveryKind, DeliveryPayload } from '../jobs/deliveryQueue.js';
import type { Reply } from '../core/messages.js';
import type { FlowDefinition } from '../flows/types.js';
import type { DeliveryPerson } from '../jobs/featureParts.js';
import type { ConsolePage } from '../console/page.js';
import type { Migration } from 'kysely';
import type { ConnectionOptions } from 'bullmq';
import type { Senders } from '../bots/outbound.js';
import type { Catalog, Language } from '../i18n/translator.js';
import type { Config, FeatureConfig } from '../config.js';
import type { Db } from '../storage/database.js';
import type { HeatAlertExtras } from '../domain/heatAlertExtras.js';
import type { FeatureJobParts } from '../jobs/featureParts.js';
import type { ConversationKit, Feature } from '../core/chatFeature.js';

// The chat-facing contract is the core's (src/core/chatFeature.ts): the conversation consumes it; features
// import it from here with the rest of what they declare.
export {
  type Command,
  type CommandMenu,
  type ConversationKit,
  type Feature,
  type FormSpec,
  type OverviewPart,
  type Request,
  type SentFile,
  commandMenu,
  helpText,
} from '../core/chatFeature.js';
export { answerButtons } from '../core/buttonCodec.js';
export { formatDate } from '../domain/parisTime.js';

export type FeatureFactory = (ctx: AppContext, kit: ConversationKit) => Feature;

/** What a feature's queue worker needs to start. */
export interface FeatureWorkerDeps {
  ctx: AppContext;
  senders: Senders;
  connection: ConnectionOptions;
}
export type FeatureWorker = (deps: FeatureWorkerDeps) => { close: () => Promise<void> };

/** A command of `npm run cli -- <word> …`; returns the exit code. */
export interface FeatureCli {
  word: string;
  /** Its lines in the CLI's usage. */
  usage: string;
  run: (args: string[], tools: { config: Config; openDb: () => Promise<Db> }) => Promise<number>;
}

/**
 * Everything a feature declares, for the shared layers to assemble (listed in src/features/index.ts; the
 * composition roots hand each part to the layer that uses it, so that no shared file imports a feature):
 * - `create`: its commands, buttons, forms, intents and files (the conversation, src/core/conversation.ts);
 * - `migrations`: its tables, applied after the shared list, in the features' order (src/storage/
 *   featureMigrations.ts); its tables' types stay in its folder (`db.withTables<…>()`);
 * - `locales`: its `locales/fr.json` and `en.json`, merged under its id (src/i18n/translator.ts);
 * - `config`: a zod schema over the environment, parsed once at start with the rest (`Config.features[id]`);
 * - `flows`: its flows, as data, run by the shared engine with the others (src/flows/engine.ts): given the
 *   context, they reach what they need through their own closure (their repository): the engine gives none;
 * - `heatAlertExtras`: lines for other features' heat-alert messages (src/domain/heatAlertExtras.ts);
 * - `deliveryTexts`, `workers`, `consolePages`, `cli`: its proactive messages, queue workers, console pages and
 *   CLI commands;
 * - `jobs`: its part of the jobs layer, given the context (src/jobs/featureParts.ts): its queues (watched by
 *   /metrics), `recover` (its jobs rebuilt from the database after a Redis loss, counted by kind), `purge` and
 *   `purgeHolds` (its part of the hourly maintenance), `settled` and `unreachable` (told by the delivery worker).
 */
export interface FeatureModule {
  id: string;
  create?: FeatureFactory;
  migrations?: Record<string, Migration>;
  locales?: Record<Language, Catalog>;
  config?: FeatureConfig['schema'];
  flows?: (ctx: AppContext) => FlowDefinition[];
  heatAlertExtras?: (ctx: AppContext) => HeatAlertExtras;
  deliveryTexts?: DeliveryTexts[];
  workers?: FeatureWorker[];
  consolePages?: ConsolePageFactory[];
  cli?: FeatureCli[];
  jobs?: (ctx: AppContext) => FeatureJobParts;
}

/** An entry of FEATURES: a whole declaration, or (the features written before it) just the factory. */
export type FeatureDeclaration = FeatureModule | FeatureFactory;

export const asModule = (d: FeatureDeclaration): FeatureModule =>
  typeof d === 'function' ? { id: d.name, create: d } : d;

/** A feature's parsed variables (its `config` schema's output), or its defaults when it was not parsed. */
export function configOf<T>(config: Config, id: string, schema: { parse: (env: unknown) => T }): T {
  return (config.features?.[id] as T | undefined) ?? schema.parse({});
}

/** A feature's pages in the eco-managers' web console (src/console/); undefined when turned off by config. */
export type ConsolePageFactory = (ctx: AppContext) => ConsolePage | undefined;

/** What a feature's proactive messages are rendered with (the delivery worker's view of the context). */
export type ComposerContext = Pick<
  AppContext,
  'alerts' | 'checkins' | 'network' | 'matching' | 'meetings' | 'config' | 'visits' | 'inbox' | 'heatAlertExtras'
>;

/**
 * How a feature writes its proactive messages: the delivery kinds it owns and, per person, the message (in
 * their language), or undefined when it no longer needs sending (answered meanwhile, meeting cancelled…).
 */
export interface DeliveryTexts {
  kinds: readonly DeliveryKind[];
  create: (ctx: ComposerContext) => (payload: DeliveryPayload, person: DeliveryPerson) => Promise<Reply | undefined>;
}
