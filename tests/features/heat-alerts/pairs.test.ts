import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../../support/context.js';
import { seedNetwork } from '../../support/network.js';
import { createWorkingApp } from '../../support/workingApp.js';
import { sendReply } from '../../../src/bots/telegram/telegramSender.js';
import type { Reply } from '../../../src/core/messages.js';

describe('/binomes with a quartier of 70 people supported, on a Telegram that enforces its limits', () => {
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  let api: Api;
  beforeAll(async () => {
    w = await createWorkingApp({ ECO_MANAGERS: 'telegram:9001:ilot-13' });
    api = new Api('t', { apiRoot: w.tg.apiRoot });
    await seedNetwork(w.app.ctx.db, 70, { firstChatId: 30_000, quartiers: ['ilot-13'], roles: ['supported'] });
    await seedNetwork(w.app.ctx.db, 5, { firstChatId: 31_000, quartiers: ['ilot-13'], roles: ['volunteer'] });
  });
  afterAll(() => w.close());

  const eco = () => w.app.person('9001', 'telegram');
  /** What the eco-manager would see: each reply really sent to the stand-in (it refuses what Telegram refuses). */
  const shown = async (replies: Reply[]) => {
    for (const r of replies) await sendReply(api, '9001', r);
    return replies;
  };

  it('pages through everyone; every page and every button is accepted; a pair can be changed from the last page', async () => {
    const manager = eco();
    let replies = await shown(await manager.say('/binomes'));
    let listed = 0;
    for (let page = 0; page < 10; page++) {
      listed += texts(replies)
        .split('\n')
        .filter((l) => /^[•⚠]/.test(l)).length; // the uncovered (⚠) first
      const next = replies.flatMap((r) => r.options ?? []).find((o) => /Suivants/.test(o.label));
      if (!next) break;
      replies = await shown(await manager.press(/Suivants/));
    }
    expect(listed).toBe(70);
    expect(texts(replies)).toMatch(/page 5\/5/);
    const pick = await shown(await manager.press(/^Changer/));
    expect(texts(pick)).toMatch(/Quel·le voisin·e volontaire/);
    for (const o of pick[0]!.options ?? []) expect(Buffer.byteLength(o.value)).toBeLessThanOrEqual(64);
    expect(texts(await shown(await manager.press(/rue de Test/)))).toMatch(/C'est noté/);
  });

  it('a reply longer than 4,096 characters arrives as several messages, the buttons under the last', async () => {
    const long = Array.from(
      { length: 200 },
      (_, i) => `• ${i} rue de la Chaleur ↔ aucun·e bénévole pour l'instant`,
    ).join('\n');
    const before = w.tg.messages.length;
    await sendReply(api, '9002', { text: long, options: [{ value: 'cmd:help', label: 'Aide' }] });
    const sent = w.tg.messages.slice(before);
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.map((m) => m.text).join('\n')).toBe(long);
    expect(sent.slice(0, -1).every((m) => m.buttons.length === 0)).toBe(true);
    expect(sent.at(-1)!.buttons).toHaveLength(1);
  });
});
