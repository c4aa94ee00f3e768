import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSpace, eventually, type TestSpace } from '../../support/env.js';
import { freePort } from '../../support/ports.js';
import { ProductProcess } from '../../support/product.js';
import { startTelegramLoadStandIn } from '../../support/telegramLoadStandIn.js';

/** Issue 14, item 4: people are answered concurrently; one person's messages still in order. */
describe.each(['polling', 'webhook'] as const)('Telegram updates handled concurrently (%s)', (mode) => {
  let standIn: Awaited<ReturnType<typeof startTelegramLoadStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  // One product per mode: each test uses its own people.
  beforeAll(async () => {
    standIn = await startTelegramLoadStandIn();
    space = await createTestSpace('sqlite');
    const port = await freePort();
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: '4343:concurrent',
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
      ...(mode === 'webhook' ? { PUBLIC_URL: `http://127.0.0.1:${port}`, WEBHOOK_PORT: String(port) } : {}),
    });
    await product.waitForLog(/telegram (long polling started|webhook listening)/);
  });
  afterAll(async () => {
    await product.kill('SIGTERM');
    await standIn.close();
    await space.cleanup();
  });

  it('a person whose replies are slow to deliver does not hold back another', async () => {
    const slow = standIn.user(501);
    const quick = standIn.user(502);
    // The slow person's reply is held by the stand-in until the other has been answered: if replies queued
    // behind one another, the quick one would never come and the test would time out.
    const release = standIn.hold('501');
    const slowFrom = slow.mark();
    slow.send('/aide');
    const quickFrom = quick.mark();
    await eventually(() => standIn.holding('501'), 10_000, 'the slow reply on its way');
    quick.send('/aide');
    const quickReply = await quick.waitFor(quickFrom, /./, 10_000);
    expect(standIn.holding('501')).toBe(true);
    release();
    const slowReply = await slow.waitFor(slowFrom, /./, 10_000);
    expect(slowReply.at).toBeGreaterThanOrEqual(quickReply.at);
  });

  it("one person's messages are answered in the order they were sent, while 20 people write at once", async () => {
    const people = Array.from({ length: 20 }, (_, i) => standIn.user(600 + i));
    const marks = people.map((p) => p.mark());
    // Each sends three commands without waiting for the replies.
    for (const p of people) {
      p.send('/start');
      p.send('/mesdonnees');
      p.send('/aide');
    }
    await Promise.all(people.map((p, i) => p.waitFor(marks[i]!, /Voici ce que je sais faire/, 20_000)));
    for (const i of people.keys()) {
      const texts = standIn
        .messagesTo(String(600 + i))
        .slice(marks[i])
        .map((m) => m.text);
      const start = texts.findIndex((t) => /Dans quel quartier/.test(t));
      const data = texts.findIndex((t) => /aucune donnée|tout ce que je garde/.test(t));
      expect(start).toBeGreaterThanOrEqual(0);
      const help = texts.findIndex((t) => /Voici ce que je sais faire/.test(t));
      expect(data).toBeGreaterThan(start);
      expect(help).toBeGreaterThan(data);
    }
  });
});
