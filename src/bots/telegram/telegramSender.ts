import { Api, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import { attachmentBytes, type Reply } from '../../core/messages.js';
import { RateLimited, RecipientUnreachable, splitLongText, type ChannelSender } from '../outbound.js';
import { leanFetch } from './leanFetch.js';

export function keyboardOf(reply: Reply): InlineKeyboard | undefined {
  return reply.options?.length
    ? InlineKeyboard.from(reply.options.map((o) => [InlineKeyboard.text(o.label, o.value)]))
    : undefined;
}

/** Telegram refuses texts over 4,096 characters. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * One reply as Telegram messages: a text over the limit goes as several messages, the buttons under the
 * last one; then the file, if any. Returns the last message's id.
 */
export async function sendReply(
  api: Api,
  chatId: number | string,
  reply: Reply,
  extra: { allow_paid_broadcast?: boolean } = {},
): Promise<number> {
  const pieces = splitLongText(reply.text, TELEGRAM_TEXT_LIMIT);
  const keyboard = keyboardOf(reply);
  let last = 0;
  for (const [i, piece] of pieces.entries()) {
    const isLast = i === pieces.length - 1;
    const msg = await api.sendMessage(chatId, piece, {
      ...(isLast && keyboard ? { reply_markup: keyboard } : {}),
      ...extra,
    });
    last = msg.message_id;
  }
  await sendAttachment(api, chatId, reply);
  return last;
}

/** A reply's file (a meeting's .ics) as a Telegram document. */
export function sendAttachment(api: Api, chatId: number | string, reply: Reply) {
  if (!reply.attachment) return Promise.resolve();
  return api.sendDocument(chatId, new InputFile(attachmentBytes(reply.attachment), reply.attachment.fileName));
}

/**
 * Proactive Telegram messages for the delivery worker. No automatic retries here: 429 and 403 are
 * reported to the queue, which waits (retry_after) or marks the person unreachable.
 */
export function telegramSender(opts: { token: string; apiRoot: string; paidBroadcast: boolean }): ChannelSender {
  // grammY's own client, over a leaner fetch than node-fetch (a broadcast sends tens of thousands of messages).
  const api = new Api(opts.token, { apiRoot: opts.apiRoot, fetch: leanFetch as unknown as typeof fetch });
  const translate = (err: unknown): unknown => {
    if (err instanceof GrammyError) {
      if (err.error_code === 429) return new RateLimited((err.parameters.retry_after ?? 1) * 1000);
      if (
        err.error_code === 403 ||
        (err.error_code === 400 && /chat not found|user is deactivated/i.test(err.description))
      ) {
        return new RecipientUnreachable(err.description);
      }
    }
    if (err instanceof HttpError) return new Error(`Telegram unreachable: ${err.message}`);
    return err;
  };
  return {
    async send(chatId, reply) {
      try {
        const messageId = await sendReply(api, chatId, reply, opts.paidBroadcast ? { allow_paid_broadcast: true } : {});
        return { messageId: String(messageId) };
      } catch (err) {
        throw translate(err);
      }
    },
    async edit(chatId, messageId, reply) {
      try {
        const keyboard = keyboardOf(reply);
        const text = splitLongText(reply.text, TELEGRAM_TEXT_LIMIT)[0]!;
        await api.editMessageText(chatId, Number(messageId), text, keyboard ? { reply_markup: keyboard } : {});
      } catch (err) {
        if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
        throw translate(err);
      }
    },
  };
}
