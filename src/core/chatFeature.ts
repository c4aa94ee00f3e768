import type { InboundEvent, OverviewSection, Reply, ReplyOption } from './messages.js';
import type { FlowEnv } from '../flows/types.js';
import type { Translate, TranslationKey } from '../i18n/translator.js';
import type { StoredFlowState } from '../storage/flowStates.js';
import type { Person } from '../storage/people.js';

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

/** A part of a person's status at a glance (Slack's App Home); undefined: nothing to show them. */
export interface OverviewPart {
  /** Its place after the intro (lower first). */
  at: number;
  section: (person: Person, env: FlowEnv) => Promise<OverviewSection | undefined>;
}

/**
 * One feature of Relais, as the conversation sees it: its commands, the buttons it answers, the flows it shows
 * as forms. The composition root hands the conversation the list of features (src/features/index.ts): adding a
 * feature is adding a folder and a line.
 */
export interface Feature {
  id: string;
  commands: Command[];
  /**
   * Its buttons outside flow steps (proactive messages, lists, menus): the answer to a value that is one of its
   * own, else undefined (another feature's, a flow's option, or forged). Asked in the features' order, at any
   * time, even in a flow, so a flow's options must not be one of them; the answer re-checks what the person may
   * do. `answerButtons` (core/buttonCodec.ts) builds it from the feature's codecs.
   */
  buttons?: (value: string, req: Request) => Promise<Reply[]> | undefined;
  forms?: FormSpec[];
  /** /aide lines: where (lower first) and which text; `managers` ones are shown to eco-managers only. */
  help?: { at: number; key: TranslationKey; managers?: true }[];
  /**
   * Typed words it answers before the FAQ ("où aller au frais ?"): the first feature whose `matches` says yes
   * answers, outside a flow or when a question is typed at a step.
   */
  intents?: { matches: (text: string) => boolean; answer: (text: string, req: Request) => Promise<Reply[]> }[];
  /** A file sent to the bot that is its own (else undefined: the next feature, then the fallback's). */
  document?: (file: SentFile, req: Request) => Promise<Reply[] | undefined>;
  /** Its buttons under "Voici ce que je sais faire" (the network's: join, or see/change/leave). */
  menu?: (person: Person, t: Translate) => Promise<ReplyOption[]>;
  /** Its parts of the person's status at a glance (Slack's App Home), after the intro. */
  overview?: OverviewPart[];
  /**
   * The last-resort answers (the FAQ's, the first feature that declares them): a question no intent took, and
   * a file no feature took (its `document` downloaded once, whoever asked first).
   */
  fallback?: {
    question: (text: string, req: Request) => Promise<Reply[]>;
    file: (event: InboundEvent, req: Request) => Promise<Reply[]>;
  };
}

/** A file sent to the bot: its name, the caption, and its bytes (downloaded once, whoever asks first). */
export interface SentFile {
  fileName: string;
  caption: string;
  content: () => Promise<Buffer>;
}

/** The features a conversation is built from, given what it lends them (the composition root builds them). */
export type ChatFeatures = (kit: ConversationKit) => Feature[];

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
