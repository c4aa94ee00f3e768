import { createTestApp } from './context.js';
import type { DbKind } from './env.js';
import { type FlakyOptions, startFlakyTelegram } from './telegramFlakyServer.js';
import { startWorkers } from '../../src/jobs/workers.js';
import { telegramSender } from '../../src/bots/telegram/telegramSender.js';

/**
 * An in-process app with its BullMQ workers running and delivering to a local Telegram stand-in: what the
 * scheduling tests (check-ins, meetings, tips) need to see messages actually go out.
 */
export async function createWorkingApp(
  extraEnv: Record<string, string> = {},
  kind: DbKind = 'sqlite',
  telegram: FlakyOptions = {},
) {
  const app = await createTestApp(kind, { TELEGRAM_CHAT_INTERVAL_MS: '0', ...extraEnv });
  const tg = await startFlakyTelegram(telegram);
  const workers = await startWorkers(app.ctx, {
    telegram: telegramSender({ token: 't', apiRoot: tg.apiRoot, paidBroadcast: false }),
  });
  const messagesTo = (chatId: string) => tg.messages.filter((m) => m.chatId === chatId);
  return {
    app,
    tg,
    messagesTo,
    /** Presses the latest button matching `pattern` that the bot sent to this Telegram user. */
    async press(userId: string, pattern: RegExp) {
      const msg = [...messagesTo(userId)].reverse().find((m) => m.buttons.some((b) => pattern.test(b.text)));
      const button = msg?.buttons.find((b) => pattern.test(b.text));
      if (!button) throw new Error(`no button ${pattern} for ${userId}`);
      return app.conversation.handle({
        channel: 'telegram',
        userId,
        chatId: userId,
        kind: 'choice',
        choice: button.callback_data,
      });
    },
    async close() {
      await workers.close();
      await tg.close();
      await app.close();
    },
  };
}
