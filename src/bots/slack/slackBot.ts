import { errorCode } from '../../logger.js';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { InboundEvent, OverviewSection, Reply } from '../../core/messages.js';
import type { Identity } from '../../core/conversation.js';
import type { FormField, FormResult } from '../../flows/engine.js';
import type { Answers } from '../../flows/types.js';
import type { Translate } from '../../i18n/translator.js';
import { uploadAttachment } from './slackSender.js';
import {
  ACTION_PREFIX,
  CONFIRM_CALLBACK,
  FORM_CALLBACK,
  answeredMessage,
  confirmView,
  formValues,
  formView,
  homeView,
  messageOf,
} from './blocks.js';
import { realTimeMs } from '../../clock.js';
import { inboundOf, type PlatformEvent } from '../inbound.js';

type SlackConfig = NonNullable<Config['slack']>;

/** What the Slack adapter needs from the core (the Conversation). */
export interface SlackCore {
  handle(event: InboundEvent): Promise<Reply[]>;
  overview(who: Identity): Promise<OverviewSection[]>;
  openForm(
    who: Identity,
    flowId: string,
  ): Promise<{ title: string; fields: FormField[]; t: Translate } | { refused: Reply[] }>;
  submitForm(
    who: Identity,
    flowId: string,
    raw: Record<string, string | undefined>,
  ): Promise<(FormResult & { title: string; t: Translate }) | { refused: Reply[] }>;
  confirmForm(who: Identity, flowId: string, answers: Answers): Promise<Reply[]>;
}

export interface SlackAdapterOptions {
  config: SlackConfig;
  maxMessageLength: number;
  logger: Logger;
  core: SlackCore;
  /**
   * True the first time an event id is seen (shared by all processes, e.g. in Redis): Slack re-sends an
   * event whose ack it did not get, and a flow must not take the same answer twice. (Events are acked
   * before they are handled, so Slack never re-sends one cut short by a crash: marking at receipt is right.)
   */
  firstDelivery?: (eventId: string) => Promise<boolean>;
  /** Awaited before each reply: the platform's budget, replies first, shared with broadcasts (PlatformBudget). */
  beforeReply?: () => Promise<() => void>;
}

/** `/relais <word>` words that open a modal instead of a chat flow. */
const FORM_WORDS: Record<string, string> = {
  alerte: 'heat-alert',
  alert: 'heat-alert',
  evenement: 'meeting-create',
  event: 'meeting-create',
};

/** Bolt's logs go to our pino logger (its info chatter at debug level). */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msgs: unknown[]) => msgs.map(String).join(' ');
  return {
    debug: (...m) => logger.trace({ source: 'bolt' }, text(m)),
    info: (...m) => logger.debug({ source: 'bolt' }, text(m)),
    warn: (...m) => logger.warn({ source: 'bolt' }, text(m)),
    error: (...m) => logger.error({ source: 'bolt' }, text(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Thin adapter: Slack events, button clicks, the /relais command and modals become core calls; core replies
 * become Block Kit messages in the person's DM with the app. Every handler acks first (Slack's 3 s), then works.
 */
export function createSlackApp(opts: SlackAdapterOptions): { app: App; receiver?: HTTPReceiver } {
  const { config, core, logger } = opts;
  const clientOptions = { slackApiUrl: config.apiUrl, retryConfig: { retries: 2 } };
  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (config.appToken) {
    // Built here rather than with `socketMode: true` so that SLACK_API_URL also applies to
    // apps.connections.open, the call that gets the WebSocket address.
    const socket = new SocketModeReceiver({
      appToken: config.appToken,
      logger: boltLogger(logger),
      installerOptions: { clientOptions },
    });
    app = new App({ token: config.token, receiver: socket, clientOptions, logger: boltLogger(logger) });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: '/slack/events',
      logger: boltLogger(logger),
    });
    app = new App({ token: config.token, receiver, clientOptions, logger: boltLogger(logger) });
  }

  // The user's Slack language ("fr-FR", "en-US"), as Telegram's language_code: asked once per user, kept
  // a while; without the users:read scope it is simply unknown (the default language is used).
  const locales = new Map<string, { locale?: string; at: number }>();
  const localeOf = async (client: WebClient, userId: string): Promise<string | undefined> => {
    const cached = locales.get(userId);
    if (cached && realTimeMs() - cached.at < 3600_000) return cached.locale;
    const locale = await client.users
      .info({ user: userId, include_locale: true })
      .then((r) => r.user?.locale)
      .catch(() => undefined);
    if (locales.size > 10_000) locales.clear();
    locales.set(userId, { locale, at: realTimeMs() });
    return locale;
  };
  // The user id is the chat: posting to it lands in the app's DM with that person.
  const who = async (client: WebClient, userId: string): Promise<Identity> => ({
    channel: 'slack',
    userId,
    chatId: userId,
    languageHint: await localeOf(client, userId),
  });
  const post = async (client: WebClient, channel: string, replies: Reply[]) => {
    for (const reply of replies) {
      const answered = await opts.beforeReply?.();
      const res = await client.chat.postMessage({ channel, ...messageOf(reply) }).finally(answered);
      await uploadAttachment(client, String(res.channel ?? channel), reply);
    }
  };
  const refreshHome = async (client: WebClient, userId: string) => {
    await client.views.publish({ user_id: userId, view: homeView(await core.overview(await who(client, userId))) });
  };

  if (opts.firstDelivery) {
    const firstDelivery = opts.firstDelivery;
    app.use(async (args) => {
      const { body, next } = args;
      const eventId = deliveryIdOf(body);
      if (eventId && !(await firstDelivery(eventId))) {
        logger.debug({ eventId }, 'slack request delivered again; acknowledged and ignored');
        // Acknowledged, or Slack would show an error and send it again.
        if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
        return;
      }
      await next();
    });
  }

  app.event('message', async ({ event, client }) => {
    const m = event as unknown as {
      channel: string;
      channel_type?: string;
      user?: string;
      bot_id?: string;
      subtype?: string;
      text?: string;
      files?: { name?: string; size?: number; url_private_download?: string }[];
    };
    // Only the app's DMs are conversations with it (messages elsewhere reach it only if subscribed to).
    if (m.channel_type !== 'im' || !m.user) return;
    // The person's locale (a users.info call) is asked only for a message that will be answered.
    const sender = { channel: 'slack' as const, userId: m.user, chatId: m.user };
    const file = m.files?.[0];
    const url = file?.url_private_download;
    // A shared file arrives as the file_share subtype; every other subtype is an edit, a deletion, a join…
    const translated: PlatformEvent =
      m.subtype && m.subtype !== 'file_share'
        ? { type: 'edit', sender }
        : {
            type: 'message',
            sender,
            place: 'private',
            fromBot: Boolean(m.bot_id),
            text: url ? undefined : m.text,
            file: url
              ? {
                  fileName: file.name,
                  size: file.size,
                  caption: m.text,
                  fetch: () => fetch(url, { headers: { Authorization: `Bearer ${config.token}` } }),
                }
              : undefined,
          };
    const inbound = inboundOf(translated, opts);
    if (!inbound) return;
    await post(client, m.channel, await core.handle({ ...inbound, ...(await who(client, m.user)) }));
  });

  app.action(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const userId = body.user.id;
    const chosen = 'text' in action ? action.text.text : undefined;
    if (body.container?.type === 'message' && body.channel?.id && body.message?.ts) {
      // Show what was chosen and remove the buttons, so it cannot be answered twice.
      await client.chat
        .update({
          channel: body.channel.id,
          ts: body.message.ts,
          ...answeredMessage(String(body.message.text ?? ''), chosen),
        })
        .catch((err) => logger.debug({ code: errorCode(err) }, 'could not update the answered message'));
    }
    // Buttons live in the app's DM and App Home: both private to the person.
    const sender = await who(client, userId);
    const inbound = inboundOf({ type: 'button', sender, place: 'private', value: action.value ?? '' }, opts);
    if (inbound) await post(client, userId, await core.handle(inbound));
    if (body.view?.type === 'home') await refreshHome(client, userId);
  });

  app.command('/relais', async ({ command, ack, client }) => {
    await ack();
    const [word = '', ...rest] = command.text.trim().split(/\s+/);
    const base = await who(client, command.user_id);
    const formFlow = FORM_WORDS[word.toLowerCase()];
    if (formFlow) {
      const form = await core.openForm(base, formFlow);
      if ('refused' in form) return post(client, command.user_id, form.refused);
      await client.views.open({
        trigger_id: command.trigger_id,
        view: formView(formFlow, form.title, form.fields, form.t),
      });
      return;
    }
    const inbound: InboundEvent = word
      ? { ...base, kind: 'command', command: word, args: rest.join(' ') }
      : { ...base, kind: 'command', command: 'aide', args: '' };
    await post(client, command.user_id, await core.handle(inbound));
  });

  app.view(new RegExp(`^${FORM_CALLBACK}`), async ({ ack, body, view, client }) => {
    const flowId = view.callback_id.slice(FORM_CALLBACK.length);
    const result = await core.submitForm(await who(client, body.user.id), flowId, formValues(view.state));
    if ('refused' in result) {
      await ack({ response_action: 'clear' });
      return post(client, body.user.id, result.refused);
    }
    if ('errors' in result) return ack({ response_action: 'errors', errors: result.errors });
    await ack({
      response_action: 'update',
      view: confirmView(flowId, result.title, result.preview.text, result.answers, result.t),
    });
  });

  app.view(new RegExp(`^${CONFIRM_CALLBACK}`), async ({ ack, body, view, client }) => {
    await ack({ response_action: 'clear' });
    const flowId = view.callback_id.slice(CONFIRM_CALLBACK.length);
    const answers = JSON.parse(view.private_metadata || '{}') as Answers;
    await post(client, body.user.id, await core.confirmForm(await who(client, body.user.id), flowId, answers));
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await refreshHome(client, event.user);
  });

  app.error(async (err) => {
    logger.error({ code: errorCode(err) }, 'slack request failed');
  });
  return { app, receiver };
}

export { deliveryIdOf, type RunningSlack, startSlack } from './slackServer.js';
import { deliveryIdOf } from './slackServer.js';
