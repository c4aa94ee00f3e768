import type { CoreContext } from '../context.js';
import {
  CleanText,
  cleanInbound,
  looksLikeQuestion,
  unsupportedKey,
  type InboundEvent,
  type OverviewSection,
  type Reply,
  type ReplyOption,
} from './messages.js';
import type { FormField, FormResult } from '../flows/engine.js';
import { languageFromHint, translator, type Translate } from '../i18n/translator.js';
import type { Answers, FlowEnv } from '../flows/types.js';
import type { Person } from '../storage/people.js';
import type { StoredFlowState } from '../storage/flowStates.js';
import { KeyedSequencer } from './sequencer.js';
import { FloodGuard } from './floodGuard.js';
import { refuseToResident } from './refusal.js';
import { commandButton } from './buttonCodec.js';
import { overviewOf } from './overview.js';
import {
  type ChatFeatures,
  type Command,
  type CommandMenu,
  type ConversationKit,
  commandMenu,
  helpText,
  type Feature,
  type FormSpec,
  type Request,
} from './chatFeature.js';

/** Who acts, as whom, in which flow: what routing an update needs (a feature's Request without its args). */
type Visit = Omit<Request, 'args'>;

/** Who is acting, as adapters know it (the rest of an InboundEvent is not needed). */
export type Identity = Pick<InboundEvent, 'channel' | 'userId' | 'chatId' | 'languageHint'>;

/**
 * The channel-agnostic core: an active flow gets the message first, a command starts a flow or a feature,
 * anything else gets the menu. Adapters call `handle` and render the replies.
 */
export class Conversation {
  private readonly flood: FloodGuard;
  private readonly inOrder = new KeyedSequencer();
  private readonly features: Feature[];
  private readonly fallback: NonNullable<Feature['fallback']>; // the last resort: the FAQ's
  private readonly commands = new Map<string, Command>();
  private readonly forms = new Map<string, FormSpec>();

  /** Core services only: the features (built by the composition root, src/main.ts) bring their own. */
  constructor(
    private readonly ctx: Pick<
      CoreContext,
      'audit' | 'config' | 'ecoManagers' | 'flows' | 'logger' | 'metrics' | 'now' | 'people' | 'redis'
    >,
    features: ChatFeatures,
  ) {
    this.flood = new FloodGuard(ctx.redis, ctx.config.redis.prefix, ctx.config.rateLimitPerMinute);
    const kit: ConversationKit = {
      menu: (person, t) => this.menu(person, t),
      forgetIfEmpty: (person) => this.forgetIfEmpty(person),
      question: (text, person, env) => this.question(text, person, env),
      helpText: (env) => helpText(this.features, env),
      refuse: (person, env, command) => refuseToResident(ctx, person, env, command),
    };
    this.features = features(kit);
    const fallback = this.features.find((f) => f.fallback)?.fallback;
    if (!fallback) throw new Error('a conversation needs a feature with the last-resort answers (the FAQ)');
    this.fallback = fallback;
    for (const feature of this.features) {
      for (const command of feature.commands) for (const word of command.words) this.commands.set(word, command);
      for (const form of feature.forms ?? []) this.forms.set(form.flowId, form);
    }
  }

  /** The commands a chat app lists in its menu, from the features. */
  commandMenu(): CommandMenu {
    return commandMenu(this.features);
  }

  /** Messages of one person are handled one at a time, in order; different people concurrently. */
  handle(raw: InboundEvent): Promise<Reply[]> {
    const event = cleanInbound(raw);
    return this.inOrder.run(`${event.channel}:${event.userId}`, () => this.handleSafely(event));
  }

  private async handleSafely(event: InboundEvent): Promise<Reply[]> {
    const started = performance.now();
    try {
      return await this.handleCounted(event);
    } finally {
      this.ctx.metrics.updateHandled(event.channel, event.kind, (performance.now() - started) / 1000);
    }
  }

  private async handleCounted(event: InboundEvent): Promise<Reply[]> {
    const hintLang = languageFromHint(event.languageHint, this.ctx.config.defaultLanguage);
    try {
      // Every update counts, stickers, over-long messages and group commands included.
      const verdict = await this.flood.check(`${event.channel}:${event.userId}`);
      if (verdict === 'drop') return [];
      if (verdict === 'warn') {
        this.ctx.logger.warn({ channel: event.channel, code: 'FLOOD' }, 'incoming messages rate-limited');
        return [{ text: translator(hintLang)('guard.slowDown') }];
      }
      if (event.kind === 'unsupported') return [{ text: translator(hintLang)(unsupportedKey(event.unsupported)) }];
      // A linked identity (/lier) acts as the person it is linked to; its own role (eco-manager) stays its own.
      const { person, identity, env, flow } = await this.who(event);
      // The flow in progress came with the person (one statement), unless they act through a /lier link.
      const state = await this.ctx.flows.active(person.id, person === identity ? flow : undefined);
      return await this.route(event, { person, identity, env, state });
    } catch (err) {
      this.ctx.logger.error(
        { err, channel: event.channel, kind: event.kind, command: event.command },
        'failed to handle message',
      );
      return [{ text: translator(hintLang)('guard.error') }];
    }
  }

  /**
   * The person behind a channel identity (following a /lier link), and the environment flows see. With
   * `store: false` nothing is written: someone unknown is seen as a newcomer without being recorded.
   */
  private async who(
    who: Identity,
    { store = true } = {},
  ): Promise<{ person: Person; identity: Person; env: FlowEnv; flow?: StoredFlowState | null }> {
    const hintLang = languageFromHint(who.languageHint, this.ctx.config.defaultLanguage);
    const found = store
      ? await this.ctx.people.findOrCreateWithFlow(who.channel, who.userId, who.chatId, hintLang)
      : undefined;
    const identity = found?.person ??
      (await this.ctx.people.find(who.channel, who.userId)) ?? {
        id: '',
        channel: who.channel,
        channelUserId: who.userId,
        chatId: who.chatId,
        language: hintLang,
        unreachableAt: null,
        linkedTo: null,
      };
    const person = identity.linkedTo ? ((await this.ctx.people.byId(identity.linkedTo)) ?? identity) : identity;
    return { person, identity, env: this.env(person, identity), flow: found?.flow };
  }

  /** A flow that can be shown as a form, for someone allowed to use it; otherwise the polite refusal. */
  private async formAccess(
    who: Identity,
    flowId: string,
  ): Promise<{ env: FlowEnv; title: string } | { refused: Reply[] }> {
    const { person, env } = await this.who(who);
    const form = this.forms.get(flowId);
    if (!form?.allowed(env)) return { refused: await refuseToResident(this.ctx, person, env, form?.command ?? flowId) };
    return { env, title: env.t(form.title) };
  }

  /**
   * A flow shown as one form (a Slack modal) rather than question by question. Only flows a feature lists
   * in its `forms`, and only for those allowed to run them.
   */
  async openForm(
    who: Identity,
    flowId: string,
  ): Promise<{ title: string; fields: FormField[]; t: Translate } | { refused: Reply[] }> {
    const access = await this.formAccess(who, flowId);
    if ('refused' in access) return access;
    return { title: access.title, fields: this.ctx.flows.formFields(flowId, access.env), t: access.env.t };
  }

  async submitForm(
    who: Identity,
    flowId: string,
    raw: Record<string, string | undefined>,
  ): Promise<(FormResult & { title: string; t: Translate }) | { refused: Reply[] }> {
    const access = await this.formAccess(who, flowId);
    if ('refused' in access) return access;
    const cleaned = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, v === undefined ? v : CleanText.parse(v)]),
    );
    return { ...(await this.ctx.flows.submitForm(flowId, access.env, cleaned)), title: access.title, t: access.env.t };
  }

  async confirmForm(who: Identity, flowId: string, answers: Answers): Promise<Reply[]> {
    const access = await this.formAccess(who, flowId);
    if ('refused' in access) return access.refused;
    return this.ctx.flows.completeForm(flowId, access.env, answers);
  }

  /** A person's status at a glance (Slack's App Home): each part with the buttons that change it. */
  async overview(who: Identity): Promise<OverviewSection[]> {
    // Opening the Home tab stores nothing.
    const { person, env } = await this.who(who, { store: false });
    return overviewOf(this.features, person, env);
  }

  private env(person: Person, identity: Person): FlowEnv {
    return {
      personId: person.id,
      lang: person.language,
      t: translator(person.language),
      quartiers: this.ctx.config.quartiers,
      managedQuartiers: this.ctx.ecoManagers.quartiersOf(identity.channel, identity.channelUserId),
      now: this.ctx.now,
    };
  }

  private async route(event: InboundEvent, visit: Visit): Promise<Reply[]> {
    const { person, env, state } = visit;
    if (event.kind === 'command' && event.command) return this.command(event.command, event.args ?? '', visit);
    const req = { ...visit, args: '' };
    if (event.kind === 'document') return this.document(event, req);
    // Buttons of proactive messages and menus answer at any time, even in a flow (each re-checks who presses).
    const pressed = event.kind === 'choice' && event.choice ? this.pressed(event.choice, visit) : undefined;
    if (pressed) return pressed;
    // A question typed where an answer is expected ("pourquoi mon adresse ?") is answered from the
    // documents, then the same step is asked again: nothing is lost, and no "not understood".
    if (
      state &&
      event.kind === 'text' &&
      event.text &&
      looksLikeQuestion(event.text) &&
      !this.ctx.flows.accepts(state, env, event.text)
    ) {
      return [...(await this.question(event.text, person, env)), await this.ctx.flows.current(state, env)];
    }
    if (state) {
      const { replies, open } = await this.ctx.flows.answerStep(state, env, {
        choice: event.kind === 'choice' ? event.choice : undefined,
        text: event.kind === 'text' ? event.text : undefined,
      });
      // A flow that ended without joining (consent refused, cancelled) leaves no trace.
      if (!open) await this.forgetIfEmpty(person);
      return replies;
    }
    return this.idle(event, person, env);
  }

  /** A button's answer: the menu's command, else the first feature whose button it is; undefined: nobody's. */
  private pressed(value: string, visit: Visit): Promise<Reply[]> | undefined {
    const command = commandButton.decode(value);
    if (command) return this.command(command.command, '', visit);
    const req = { ...visit, args: '' };
    for (const feature of this.features) {
      const replies = feature.buttons?.(value, req);
      if (replies) return replies;
    }
    return undefined;
  }

  /** A message outside any flow: typed words are a question (for the quartier's documents); else the menu. */
  private async idle(event: InboundEvent, person: Person, env: FlowEnv): Promise<Reply[]> {
    if (event.kind === 'text' && event.text?.trim()) return this.question(event.text, person, env);
    return [{ text: env.t('menu.notUnderstood'), options: await this.menu(person, env.t) }];
  }

  /** A feature's intent ("où aller au frais ?") first, else the last resort (the FAQ: the quartier's documents). */
  private async question(text: string, person: Person, env: FlowEnv): Promise<Reply[]> {
    const intent = this.features.flatMap((f) => f.intents ?? []).find((i) => i.matches(text));
    const req = { person, identity: person, env, args: text, state: undefined };
    return intent ? intent.answer(text, req) : this.fallback.question(text, req);
  }

  /** A file: the first feature that takes it (downloaded once), else the last resort (the FAQ's documents). */
  private async document(event: InboundEvent, req: Request): Promise<Reply[]> {
    const doc = event.document;
    let bytes: Promise<Buffer> | undefined;
    const content = () => (bytes ??= doc ? doc.download() : Promise.resolve(Buffer.alloc(0)));
    const file = { fileName: doc?.fileName ?? '', caption: event.text ?? '', content };
    for (const f of doc ? this.features : []) {
      const replies = await f.document?.(file, req);
      if (replies) return replies;
    }
    const shared = { ...event, document: doc && { ...doc, download: content } };
    return this.fallback.file(shared, req);
  }

  /** The menu's buttons: each feature's, in their order (the network's: join, or see/change/leave). */
  private async menu(person: Person, t: Translate): Promise<ReplyOption[]> {
    const options: ReplyOption[] = [];
    for (const f of this.features) if (f.menu) options.push(...(await f.menu(person, t)));
    return options;
  }

  /** A command word (French or English), from the features' commands. */
  private async command(word: string, args: string, visit: Visit): Promise<Reply[]> {
    const command = this.commands.get(word.toLowerCase());
    if (!command) return [{ text: visit.env.t('menu.unknownCommand') }];
    return command.run({ ...visit, args });
  }

  /** Someone who cancels before joining leaves no trace. */
  private async forgetIfEmpty(person: Person): Promise<void> {
    if (this.ctx.ecoManagers.isEcoManager(person.channel, person.channelUserId)) return; // their alerts refer to them
    if (await this.ctx.people.holdsNothing(person.id)) await this.ctx.people.delete(person.id);
  }
}
