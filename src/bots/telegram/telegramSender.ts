import { Api, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import type { Reply } from '../../core/messages.js';
import { RateLimited, RecipientUnreachable, type ChannelSender } from '../outbound.js';

export function keyboardOf(reply: Reply): InlineKeyboard | undefined {
  return reply.options?.length ? InlineKeyboard.from(reply.options.map((o) => [InlineKeyboard.text(o.label, o.value)])) : undefined;
}

/** A reply's file (a meeting's .ics) as a Telegram document. */
export function sendAttachment(api: Api, chatId: number | string, reply: Reply) {
  if (!reply.attachment) return Promise.resolve();
  return api.sendDocument(chatId, new InputFile(Buffer.from(reply.attachment.content), reply.attachment.fileName));
}

/**
 * Proactive Telegram messages for the delivery worker. No automatic retries here: 429 and 403 are
 * reported to the queue, which waits (retry_after) or marks the person unreachable.
 */
export function telegramSender(opts: { token: string; apiRoot: string; paidBroadcast: boolean }): ChannelSender {
  const api = new Api(opts.token, { apiRoot: opts.apiRoot });
  const translate = (err: unknown): unknown => {
    if (err instanceof GrammyError) {
      if (err.error_code === 429) return new RateLimited((err.parameters.retry_after ?? 1) * 1000);
      if (err.error_code === 403 || (err.error_code === 400 && /chat not found|user is deactivated/i.test(err.description))) {
        return new RecipientUnreachable(err.description);
      }
    }
    if (err instanceof HttpError) return new Error(`Telegram unreachable: ${err.message}`);
    return err;
  };
  return {
    async send(chatId, reply) {
      try {
        const keyboard = keyboardOf(reply);
        const msg = await api.sendMessage(chatId, reply.text, {
          ...(keyboard ? { reply_markup: keyboard } : {}),
          ...(opts.paidBroadcast ? { allow_paid_broadcast: true } : {}),
        });
        await sendAttachment(api, chatId, reply);
        return { messageId: String(msg.message_id) };
      } catch (err) {
        throw translate(err);
      }
    },
    async edit(chatId, messageId, reply) {
      try {
        const keyboard = keyboardOf(reply);
        await api.editMessageText(chatId, Number(messageId), reply.text, keyboard ? { reply_markup: keyboard } : {});
      } catch (err) {
        if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
        throw translate(err);
      }
    },
  };
}
