import { afterEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { createTelegramBot } from '../../../src/bots/telegram/telegramBot.js';
import { createLogger } from '../../../src/logger.js';
import { startTelegramLoadStandIn } from '../../support/telegramLoadStandIn.js';

/**
 * More people write at once than Telegram lets a bot answer in a second (a poster campaign, an alert everyone
 * answers): the platform answers 429 with retry_after, and every reply waits its turn rather than being dropped.
 */
describe('a burst of people beyond the platform limit', () => {
  let standIn: Awaited<ReturnType<typeof startTelegramLoadStandIn>> | undefined;
  afterEach(() => standIn?.close());

  it('gets every reply, late rather than never, when Telegram answers 429', async () => {
    // 60 people at 10 a second: six seconds of 429s for the last ones (three retries used to give up at four).
    standIn = await startTelegramLoadStandIn({ limitPerSecond: 10 });
    const bot = createTelegramBot({
      config: { token: '4242:burst', apiRoot: standIn.apiRoot },
      maxMessageLength: 4096,
      logger: createLogger('silent'),
      handle: async () => [{ text: 'Bien reçu, merci !' }],
    });
    await bot.init();
    const people = Array.from({ length: 60 }, (_, i) => 8000 + i);
    await Promise.all(
      people.map((id, i) =>
        bot.handleUpdate({
          update_id: i + 1,
          message: {
            message_id: i + 1,
            date: 1,
            chat: { id, type: 'private', first_name: 'P' },
            from: { id, is_bot: false, first_name: 'P', language_code: 'fr' },
            text: 'Tout va bien',
          },
        } as Update),
      ),
    );
    expect(standIn.refused429()).toBeGreaterThan(0);
    for (const id of people) expect(standIn.messagesTo(String(id)).map((m) => m.text)).toEqual(['Bien reçu, merci !']);
  }, 30_000);
});
