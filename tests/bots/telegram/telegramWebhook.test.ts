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
    standIn = await startTelegramStandIn({ blocked: new Set(['2003']), throttleOnce: new Map([['2005', 3]]) });
    space = await createTestSpace('sqlite');
    port = await freePort();
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_PORT: String(port),
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'debug', // every level is checked for personal data below
      ECO_MANAGERS: 'telegram:2009:rosa-parks',
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
      ...(text.startsWith('/')
        ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] }
        : {}),
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

    const ok = await post(update(3, '/start'), SECRET);
    expect(ok.status).toBe(200);
    await eventually(
      () => sentTo2001().some((m) => /Dans quel quartier/.test(m.message.text)),
      10_000,
      'the first question',
    );
    // Answered once: the two refused /start did nothing.
    expect(sentTo2001().filter((m) => /Dans quel quartier/.test(m.message.text))).toHaveLength(1);
  });

  it('an update Telegram sends again (same update_id) is handled once', async () => {
    const sentTo = (chat: number) =>
      standIn.server.storage.botMessages.filter((m) => String(m.message.chat_id) === String(chat));
    const again = {
      ...update(40, '/aide'),
      message: {
        ...update(40, '/aide').message,
        chat: { id: 2002, type: 'private', first_name: 'X' },
        from: { id: 2002, is_bot: false, first_name: 'X', language_code: 'fr' },
      },
    };
    expect((await post(again, SECRET)).status).toBe(200);
    expect((await post(again, SECRET)).status).toBe(200);
    await eventually(() => sentTo(2002).length > 0, 10_000, 'the answer');
    // A later update of the same person, answered after the repeated one would have been.
    const later = { ...again, update_id: 41, message: { ...again.message, message_id: 41 } };
    expect((await post(later, SECRET)).status).toBe(200);
    await eventually(() => sentTo(2002).length >= 2, 10_000, 'the later answer');
    expect(sentTo(2002)).toHaveLength(2);
  });

  const sentTo = (chat: number) =>
    standIn.server.storage.botMessages.filter((m) => String(m.message.chat_id) === String(chat));
  const from = (id: number, text: string, updateId: number) => ({
    ...update(updateId, text),
    message: {
      ...update(updateId, text).message,
      chat: { id, type: 'private', first_name: 'P' },
      from: { id, is_bot: false, first_name: 'P', language_code: 'fr' },
    },
  });
  const postRaw = (body: string) =>
    fetch(`http://127.0.0.1:${port}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body,
    });
  /** The process still serves: a new person gets the first question. */
  const stillServing = async (id: number, updateId: number) => {
    expect((await post(from(id, '/start', updateId), SECRET)).status).toBe(200);
    await eventually(
      () => sentTo(id).some((m) => /Dans quel quartier/.test(m.message.text)),
      10_000,
      `an answer to ${id}`,
    );
  };

  it(
    'a body that is not JSON, or not an update, gets 400; a message ' +
      'without chat is answered 200; the process keeps serving',
    async () => {
      expect((await postRaw('{"update_id": 5, "message": ')).status).toBe(400);
      expect((await postRaw('{"message": {"text": "hi"}}')).status).toBe(400);
      expect(
        (
          await postRaw(
            JSON.stringify({
              update_id: 6,
              message: { message_id: 6, date: 0, text: 'no chat', from: { id: 2100, is_bot: false, first_name: 'N' } },
            }),
          )
        ).status,
      ).toBe(200);
      await stillServing(2101, 7);
      expect(product.stderr).toMatch(/"updateId":6[^\n]*telegram update failed/);
    },
  );

  it(
    'a person who blocked the bot (403 on every reply) goes through ' +
      'the signup: each update 200, nothing personal in the logs',
    async () => {
      const answers = ['/start', 'rosa parks', '2', '20 rue Secrète-des-Tests', '1', '4', 'passer', 'oui'];
      for (const [i, text] of answers.entries())
        expect((await post(from(2003, text, 100 + i), SECRET)).status).toBe(200);
      await eventually(
        () => (product.stderr.match(/"code":"GrammyError:sendMessage:403"/g) ?? []).length >= answers.length,
        10_000,
        'eight refused replies',
      );
      await stillServing(2102, 110);
      expect(product.stderr).not.toMatch(/Secrète-des-Tests/); // the summary with the address was refused: not logged
    },
  );

  it('a reply Telegram throttles for 3 s is sent later; the webhook answers at once', async () => {
    expect((await post(from(2005, '/start', 200), SECRET)).status).toBe(200);
    // Answered before the reply could go: a webhook that waited for it would answer only after the 3 s.
    expect(sentTo(2005).filter((m) => /Dans quel quartier/.test(m.message.text))).toHaveLength(0);
    await eventually(
      () => sentTo(2005).some((m) => /Dans quel quartier/.test(m.message.text)),
      15_000,
      'the throttled reply',
    );
  });

  it('the same update_id POSTed twice at the same time is handled once', async () => {
    const [a, b] = await Promise.all([post(from(2006, '/aide', 300), SECRET), post(from(2006, '/aide', 300), SECRET)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await eventually(() => sentTo(2006).length > 0, 10_000, 'the answer');
    await stillServing(2103, 301); // handled after: the duplicate had its chance to arrive
    expect(sentTo(2006)).toHaveLength(1);
  });
});
