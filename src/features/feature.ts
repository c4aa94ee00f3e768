import type { AppContext } from '../context.js';
import type { DeliveryKind, DeliveryPayload } from '../jobs/deliveryQueue.js';
import type { Button } from '../core/buttons.js';
import type { Reply, ReplyOption } from '../core/messages.js';
import type { FlowDefinition, FlowEnv } from '../flows/types.js';
import type { Translate } from '../i18n/translator.js';
import type { StoredFlowState } from '../storage/flowStates.js';
import type { Person } from '../storage/people.js';
import type { TranslationKey } from '../i18n/translator.js';
import type { ConsolePage } from '../console/page.js';
import type { Migration } from 'kysely';
import type { ConnectionOptions } from 'bullmq';
import type { Senders } from '../bots/outbound.js';
import type { Catalog, Language } from '../i18n/translator.js';
import type { Config, FeatureConfig } from '../config.js';
import type { Db } from '../storage/database.js';
import type { HeatAlertExtras } from '../domain/heatAlertExtras.js';
import type { FeatureJobParts } from '../jobs/featureParts.js';

/** What a command or a button handler is given: who acts, as whom, and what they are in the middle of. */
export interface Request {
  /** The person acting (behind a /lier link, the linked member). */
  person: Person;
  /** The identity that wrote (its own channel and role: an eco-manager stays one). */
  identity: Person;
  env: FlowEnv;
  /** The words after the command ("/start bas-belleville" → "bas-belleville"). */
  args: string;
  /** The flow in progress, if any. */
  state: StoredFlowState | undefined;
}

/** What the conversation lends every feature: the shared moves of a chat. */
export interface ConversationKit {
  /** The buttons under "Voici ce que je sais faire" (join, or see/change/leave). */
  menu: (person: Person, t: Translate) => Promise<ReplyOption[]>;
  /** Someone who cancels before joining leaves no trace. */
  forgetIfEmpty: (person: Person) => Promise<void>;
  /** A question for the quartier's documents. */
  question: (text: string, person: Person, env: FlowEnv) => Promise<Reply[]>;
  /** The /aide text, from every feature's help lines. */
  helpText: (env: FlowEnv) => string;
  /** The polite, audited refusal of something reserved to eco-managers. */
  refuse: (person: Person, env: FlowEnv, command: string) => Promise<Reply[]>;
}

export interface Command {
  /** The words that call it, French and English ("mesdonnees", "mydata"); the first is its name. */
  words: string[];
  /** Its place in Telegram's command menu (lower first) and the word shown per language; absent: not listed. */
  menu?: { at: number; fr: string; en: string };
  run: (req: Request) => Promise<Reply[]>;
}

/** A flow that can also be shown as one form (a Slack modal), and who may use it. */
export interface FormSpec {
  flowId: string;
  title: TranslationKey;
  /** The command word named in the refusal. */
  command: string;
  allowed: (env: FlowEnv) => boolean;
}

/**
 * One feature of Relais: its commands, the buttons it answers, the flows it shows as forms. The conversation
 * is built from the list of features (src/features/index.ts): adding a feature is adding a folder and a line.
 */
export interface Feature {
  id: string;
  commands: Command[];
  /** Handles a button of this feature; undefined when the button is not its own. */
  press?: (button: Button, req: Request) => Promise<Reply[]> | undefined;
  forms?: FormSpec[];
  /** Its lines in /aide: where (lower first) and which text. */
  /** /aide lines; `managers` ones are shown to eco-managers only, under their own heading. */
  help?: { at: number; key: TranslationKey; managers?: true }[];
  /**
   * Typed words it answers before the FAQ ("où aller au frais ?"): the first feature whose `matches` says yes
   * answers, outside a flow or when a question is typed at a step.
   */
  intents?: { matches: (text: string) => boolean; answer: (text: string, req: Request) => Promise<Reply[]> }[];
  /**
   * Its own buttons, by the start of their value ("cp:"), for features whose codecs are not in core/buttons.ts:
   * answered at any time, even in a flow; `press` re-checks what the person may do.
   */
  choices?: { prefix: string; press: (value: string, req: Request) => Promise<Reply[]> };
  /** A file sent to the bot that is its own (else undefined: the next feature, then the FAQ's documents). */
  document?: (file: SentFile, req: Request) => Promise<Reply[] | undefined>;
}

/** A file sent to the bot: its name, the caption, and its bytes (downloaded once, whoever asks first). */
export interface SentFile {
  fileName: string;
  caption: string;
  content: () => Promise<Buffer>;
}

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
  create: (ctx: ComposerContext) => (payload: DeliveryPayload, person: Person) => Promise<Reply | undefined>;
}

/** The commands a chat app shows in its menu, per language: the French word and the English one. */
export type CommandMenu = Record<'fr' | 'en', string[]>;

/** Telegram's command menu, from the commands that ask to be in it, in their order. */
export function commandMenu(features: Feature[]): CommandMenu {
  const listed = features
    .flatMap((f) => f.commands)
    .map((c) => c.menu)
    .filter((m) => m !== undefined)
    .sort((a, b) => a.at - b.at);
  return { fr: listed.map((m) => m.fr), en: listed.map((m) => m.en) };
}

/** /aide: its title, then every feature's help lines in their order. */
export function helpText(features: Feature[], env: FlowEnv): string {
  const lines = features.flatMap((f) => f.help ?? []).sort((a, b) => a.at - b.at);
  const forAll = lines.filter((h) => !h.managers).map((h) => env.t(h.key));
  const forManagers = lines.filter((h) => h.managers).map((h) => env.t(h.key));
  const managerPart =
    env.managedQuartiers.length && forManagers.length ? ['', env.t('menu.helpManagers'), ...forManagers] : [];
  return [env.t('menu.helpTitle'), ...forAll, ...managerPart].join('\n');
}

// Building an Intl formatter costs about a millisecond; one per language serves every message.
const DATE_FORMATS = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }),
};

/** "1 décembre 2026 à 10:00", the date style of every personal summary. */
export function formatDate(iso: string, lang: 'fr' | 'en'): string {
  return DATE_FORMATS[lang].format(new Date(iso));
}
