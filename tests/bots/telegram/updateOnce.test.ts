import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/context.js';
import { startFlakyTelegram } from '../../support/telegramFlakyServer.js';
import { createTelegramBot } from '../../../src/bots/telegram/telegramBot.js';
import { preclaimedOf, replayUnfinished } from '../../../src/bots/telegram/webhookServer.js';
import { UpdateInbox } from '../../../src/storage/updateInbox.js';
import { DB_KINDS } from '../../support/env.js';

describe.each(DB_KINDS)('each Telegram update is handled once, across re-fetches and restarts (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let tg: Awaited<ReturnType<typeof startFlakyTelegram>>;
  let inbox: UpdateInbox;
  const build = () => {
    const bot = createTelegramBot({
      config: { token: '42:once', apiRoot: tg.apiRoot },
      maxMessageLength: 1000,
      logger: app.ctx.logger,
      handle: (e) => app.conversation.handle(e),
      inbox,
    });
    bot.botInfo = {
      id: 42,
      is_bot: true,
      first_name: 'Relais',
      username: 'relais_bot',
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as never;
    return bot;
  };
  const update = (id: number, chat: number, text: string) => ({
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private' as const, first_name: 'P' },
      from: { id: chat, is_bot: false, first_name: 'P', language_code: 'fr' },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command' as const, offset: 0, length: text.length }] } : {}),
    },
  });
  beforeAll(async () => {
    app = await createTestApp(kind);
    tg = await startFlakyTelegram();
    inbox = new UpdateInbox(app.ctx.db, app.ctx.now);
  });
  afterAll(async () => {
    await tg.close();
    await app.close();
  });

  it('a batch fetched again after a kill -9 (polling) is not handled a second time', async () => {
    const bot = build();
    await bot.handleUpdate(update(1, 501, '/start'));
    await bot.handleUpdate(update(2, 501, 'rosa parks'));
    // The process died before confirming the batch: a new one fetches the same updates again.
    const restarted = build();
    await restarted.handleUpdate(update(1, 501, '/start'));
    await restarted.handleUpdate(update(2, 501, 'rosa parks'));
    const texts = tg.messages.filter((m) => m.chatId === '501').map((m) => m.text);
    expect(texts.filter((t) => /Dans quel quartier/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /participer/.test(t))).toHaveLength(1);
    expect(texts.some((t) => /pas compris/.test(t))).toBe(false);
  });

  it('an update claimed but cut short by a crash is handled at the next start, once', async () => {
    await inbox.claim('telegram', '10', JSON.stringify(update(10, 502, '/start')));
    const bot = build();
    await replayUnfinished({ bot, inbox, logger: app.ctx.logger, preclaimed: preclaimedOf(bot) });
    await replayUnfinished({ bot, inbox, logger: app.ctx.logger, preclaimed: preclaimedOf(bot) });
    expect(tg.messages.filter((m) => m.chatId === '502' && /Dans quel quartier/.test(m.text))).toHaveLength(1);
  });
});
