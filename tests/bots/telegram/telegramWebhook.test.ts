import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSpace, eventually, type TestSpace } from '../../support/env.js';
import { startTelegramStandIn } from '../../support/telegramStandIn.js';
import { ProductProcess } from '../../support/product.js';
import { freePort } from '../../support/ports.js';

const TOKEN = '654321:WEBHOOK-token';
const SECRET = 'a-very-secret_token';

describe('Telegram webhook mode (PUBLIC_URL set)', () => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  let port: number;

  beforeAll(async () => {
    standIn = await startTelegramStandIn();
    space = await createTestSpace('sqlite');
    port = await freePort();
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_PORT: String(port),
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'info',
    });
    await product.waitForLog(/telegram webhook listening/);
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await standIn?.close();
    await space?.cleanup();
  });

  const update = (id: number, text: string) => ({
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 2001, type: 'private', first_name: 'W' },
      from: { id: 2001, is_bot: false, first_name: 'W', language_code: 'fr' },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
    },
  });
  const post = (body: unknown, secret?: string) =>
    fetch(`http://127.0.0.1:${port}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(body),
    });

  it('registers its webhook with a secret token', () => {
    const call = standIn.calls.find((c) => c.method === 'setWebhook');
    expect(call?.body).toContain(SECRET);
    expect(call?.body).toContain(`127.0.0.1:${port}`);
  });

  it('serves a request carrying the secret token and refuses one without it', async () => {
    const forged = await post(update(1, '/start'), 'wrong');
    expect(forged.status).toBe(401);
    const missing = await post(update(2, '/start'));
    expect(missing.status).toBe(401);
    const sentTo2001 = () => standIn.server.storage.botMessages.filter((m) => String(m.message.chat_id) === '2001');
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo2001()).toHaveLength(0);

    const ok = await post(update(3, '/start'), SECRET);
    expect(ok.status).toBe(200);
    await eventually(() => sentTo2001().some((m) => /Dans quel quartier/.test(m.message.text)), 10_000, 'the first question');
  });

  it('an update Telegram sends again (same update_id) is handled once', async () => {
    const sentTo = (chat: number) => standIn.server.storage.botMessages.filter((m) => String(m.message.chat_id) === String(chat));
    const again = { ...update(40, '/aide'), message: { ...update(40, '/aide').message, chat: { id: 2002, type: 'private', first_name: 'X' }, from: { id: 2002, is_bot: false, first_name: 'X', language_code: 'fr' } } };
    expect((await post(again, SECRET)).status).toBe(200);
    expect((await post(again, SECRET)).status).toBe(200);
    await eventually(() => sentTo(2002).length > 0, 10_000, 'the answer');
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTo(2002)).toHaveLength(1);
  });
});
