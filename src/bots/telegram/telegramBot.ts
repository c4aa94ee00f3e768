import { errorCode } from '../../logger.js';
import { botApiFetch } from './httpClient.js';
import { Bot, type Context } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import { startPolling } from './polling.js';
import { sendReply } from './telegramSender.js';
import { logUpdateFailure, preclaimedOf, replayUnfinished, serveWebhook } from './webhookServer.js';
import type { UpdateInbox } from '../../storage/updateInbox.js';
import { inboundOf, type PlatformEvent, type Sender } from '../inbound.js';
import { autoRetry } from '@grammyjs/auto-retry';
import type { Server } from 'node:http';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { InboundEvent, Reply } from '../../core/messages.js';
import { dataKey, translator } from '../../i18n/translator.js';

type TelegramConfig = NonNullable<Config['telegram']>;

/** The methods that send a message: the ones Telegram counts against a bot's messages per second. */
const COUNTED_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'copyMessage', 'forwardMessage']);

export interface TelegramAdapterOptions {
  config: TelegramConfig;
  maxMessageLength: number;
  logger: Logger;
  handle: (event: InboundEvent) => Promise<Reply[]>;
  /** Claims each update before it is handled (once per update_id, across processes and restarts). */
  inbox?: UpdateInbox;
  /**
   * Awaited before each message sent, every try of it (PlatformBudget: the platform's budget, replies first,
   * shared with broadcasts); what it returns is called once the platform answered.
   */
  beforeReply?: () => Promise<() => void>;
}

/** Thin adapter: Telegram updates → InboundEvent, Reply → sendMessage with an inline keyboard. */
export function createTelegramBot(opts: TelegramAdapterOptions): Bot {
  const bot = new Bot(opts.config.token, { client: { apiRoot: opts.config.apiRoot, fetch: botApiFetch() } });
  const preclaimed = preclaimedOf(bot);
  // Every try of a message asks the platform's budget (installed before autoRetry, so inside it: a try again
  // after a 429 is counted again).
  const beforeReply = opts.beforeReply;
  if (beforeReply)
    bot.api.config.use(async (prev, method, payload, signal) => {
      if (!COUNTED_METHODS.has(method)) return prev(method, payload, signal);
      const answered = await beforeReply();
      try {
        return await prev(method, payload, signal);
      } finally {
        answered();
      }
    });
  // 429s on replies are waited out (retry_after) rather than dropped. A burst of people (a poster campaign, an
  // alert everyone answers) can keep a bot over Telegram's 30 a second for several seconds: three tries gave up
  // on the last replies of 200 people writing at once (bench:chat --load paced); twelve cover about ten seconds.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 12, maxDelaySeconds: 30 }));

  const send = async (chatId: number | string, replies: Reply[]) => {
    for (const reply of replies) {
      await sendReply(bot.api, chatId, reply);
    }
  };

  const sender = (ctx: Context): Sender => ({
    channel: 'telegram' as const,
    userId: String(ctx.from!.id),
    chatId: String(ctx.chat!.id),
    languageHint: ctx.from?.language_code,
  });

  // What the core is given (or nothing) is decided by the shared tree; the adapter only translates.
  const answer = async (chatId: number, event: PlatformEvent) => {
    const inbound = inboundOf(event, opts);
    if (inbound) await send(chatId, await opts.handle(inbound));
  };

  // Updates are handled concurrently (runner, webhook); those of one chat still one after another, in order.
  bot.use(sequentialize((ctx) => String(ctx.chat?.id ?? ctx.from?.id ?? '')));

  if (opts.inbox) {
    const inbox = opts.inbox;
    // Polling: grammY re-fetches the unconfirmed batch after a crash; the claim makes those re-runs no-ops.
    // Webhook and replays claim before calling handleUpdate, and mark the update as theirs here.
    bot.use(async (ctx, next) => {
      const id = String(ctx.update.update_id);
      if (preclaimed.delete(ctx.update.update_id)) return next();
      if (!(await inbox.claim('telegram', id, JSON.stringify(ctx.update)))) {
        opts.logger.debug({ updateId: ctx.update.update_id }, 'telegram update seen before; ignored');
        return;
      }
      try {
        await next();
      } finally {
        await inbox.done('telegram', id);
      }
    });
  }

  bot.on('message', async (ctx) => {
    if (!ctx.from) return;
    const msg = ctx.message;
    const doc = msg.document;
    await answer(ctx.chat.id, {
      type: 'message',
      sender: sender(ctx),
      place: ctx.chat.type === 'private' ? 'private' : 'group',
      fromBot: ctx.from.is_bot,
      text: msg.text,
      file: doc && {
        fileName: doc.file_name,
        size: doc.file_size,
        caption: msg.caption,
        fetch: async () => {
          const file = await ctx.api.getFile(doc.file_id);
          return fetch(`${opts.config.apiRoot}/file/bot${opts.config.token}/${file.file_path}`);
        },
      },
    });
  });

  bot.on('callback_query:data', async (ctx) => {
    const data = ctx.callbackQuery.data;
    // Acknowledging the press and editing the old question go on while the answer is worked out: the person
    // waits for one round trip, not three.
    const acknowledged = ctx
      .answerCallbackQuery()
      .catch((err) => opts.logger.warn({ code: errorCode(err) }, 'answerCallbackQuery failed'));
    const message = ctx.callbackQuery.message;
    let edited: Promise<unknown> = Promise.resolve();
    if (message && ctx.chat) {
      // Show what was chosen and remove the buttons, so an old question cannot be answered twice.
      const chosen = message.reply_markup?.inline_keyboard
        .flat()
        .find((b) => 'callback_data' in b && b.callback_data === data)?.text;
      const text = 'text' in message && message.text ? message.text : undefined;
      const edit = chosen && text ? ctx.editMessageText(`${text}\n\n→ ${chosen}`) : ctx.editMessageReplyMarkup();
      edited = edit.catch((err) => opts.logger.debug({ code: errorCode(err) }, 'could not edit the answered message'));
    }
    if (ctx.chat) {
      const place = ctx.chat.type === 'private' ? 'private' : 'group';
      await answer(ctx.chat.id, { type: 'button', sender: sender(ctx), place, value: data });
    }
    await Promise.all([acknowledged, edited]);
  });

  bot.on('edited_message', async (ctx) => {
    if (ctx.from) await answer(ctx.chat.id, { type: 'edit', sender: sender(ctx) });
  });

  bot.catch((err) => logUpdateFailure(opts.logger, err.error, err.ctx.update.update_id));
  return bot;
}

/** Registers the command menu; a failure is logged and never stops the bot. */
export async function registerCommands(bot: Bot, menu: Record<'fr' | 'en', string[]>, logger: Logger): Promise<void> {
  for (const lang of ['fr', 'en'] as const) {
    const t = translator(lang);
    const commands = menu[lang].map((command) => ({
      command,
      description: t(dataKey(`telegram.commands.${command}`)),
    }));
    try {
      await bot.api.setMyCommands(commands, lang === 'en' ? { language_code: 'en' } : {});
    } catch (err) {
      logger.warn({ code: errorCode(err), lang }, 'setMyCommands failed; continuing without the command menu');
    }
  }
}

export interface RunningTelegram {
  stop: () => Promise<void>;
}

/** Long polling by default; webhook mode (secret_token checked) when PUBLIC_URL is set. */
export async function startTelegram(
  bot: Bot,
  config: TelegramConfig,
  logger: Logger,
  inbox: UpdateInbox,
  /** The command menu, per language (from the features). */
  menu: Record<'fr' | 'en', string[]>,
): Promise<RunningTelegram> {
  await registerCommands(bot, menu, logger);
  await bot.init();
  // Updates a crash cut short (claimed, never finished) are handled first.
  await replayUnfinished({ bot, inbox, logger, preclaimed: preclaimedOf(bot) });
  if (!config.webhook) {
    const polling = await startPolling(bot, inbox, logger);
    return { stop: () => polling.stop().then(() => inbox.flush()) };
  }
  const { publicUrl, port, secret } = config.webhook;
  const server: Server = serveWebhook({ bot, secret, inbox, logger, preclaimed: preclaimedOf(bot) });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const url = new URL(`/telegram/${bot.botInfo.id}`, publicUrl).toString();
  await bot.api.setWebhook(url, { secret_token: secret });
  logger.info({ url, port }, 'telegram webhook listening');
  return { stop: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => inbox.flush()) };
}
