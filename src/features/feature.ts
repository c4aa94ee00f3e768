import type { AppContext } from '../context.js';
import type { DeliveryKind, DeliveryPayload } from '../jobs/deliveryQueue.js';
import type { Button } from '../core/buttons.js';
import type { Reply, ReplyOption } from '../core/messages.js';
import type { FlowEnv } from '../flows/types.js';
import type { Translate } from '../i18n/translator.js';
import type { StoredFlowState } from '../storage/flowStates.js';
import type { Person } from '../storage/people.js';
import type { TranslationKey } from '../i18n/translator.js';
import type { ConsolePage } from '../console/page.js';

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
}

export type FeatureFactory = (ctx: AppContext, kit: ConversationKit) => Feature;

/** A feature's pages in the eco-managers' web console (src/console/); undefined when turned off by config. */
export type ConsolePageFactory = (ctx: AppContext) => ConsolePage | undefined;

/** What a feature's proactive messages are rendered with (the delivery worker's view of the context). */
export type ComposerContext = Pick<
  AppContext,
  'alerts' | 'checkins' | 'network' | 'matching' | 'meetings' | 'config' | 'visits' | 'inbox'
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
