import { DateTime } from 'luxon';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkVigilance } from '../../../src/features/heat-alerts/vigilance.js';
import { texts } from '../../support/context.js';
import { eventually, queuesIdle } from '../../support/env.js';
import { freePort } from '../../support/ports.js';
import { createWorkingApp } from '../../support/workingApp.js';

type Colours = { J: number; J1: number };
const DAY = 86_400_000;

/** A DPVigilance `cartevigilance/encours` answer shaped like Météo-France's, with Paris's canicule colours. */
function vigilanceMap({ J, J1 }: Colours, today: Date) {
  const period = (echeance: string, offset: number, colour: number) => ({
    echeance,
    begin_validity_time: new Date(today.getTime() + offset * DAY).toISOString(),
    end_validity_time: new Date(today.getTime() + (offset + 1) * DAY).toISOString(),
    text_items: {},
    timelaps: {
      domain_ids: [
        { domain_id: '13', max_color_id: 3, phenomenon_items: [{ phenomenon_id: '6', phenomenon_max_color_id: 3 }] },
        {
          domain_id: '75',
          max_color_id: colour,
          phenomenon_items: [
            { phenomenon_id: '1', phenomenon_max_color_id: 1, timelaps_items: [] },
            ...(colour > 1 ? [{ phenomenon_id: '6', phenomenon_max_color_id: colour, timelaps_items: [] }] : []),
          ],
        },
      ],
    },
  });
  return {
    meta: { product_datetime: today.toISOString() },
    product: { warning_type: 'vigilance', periods: [period('J', 0, J), period('J1', 1, J1)] },
  };
}

describe("Météo-France's vigilance drafts the alert (issue 15, item 1)", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; colours: Colours; daysAgo?: number } = { status: 200, colours: { J: 1, J1: 1 } };
  const keys: string[] = [];
  /** Another host a redirect points to: it must never see the key. */
  let elsewhere: Server;
  const keysElsewhere: string[] = [];
  // Météo-France's periods run from midnight to midnight, Paris time (the suite runs at any hour, in any season).
  const today = DateTime.now().setZone('Europe/Paris').startOf('day').toJSDate();
  beforeAll(async () => {
    elsewhere = createServer((req, res) => {
      keysElsewhere.push(String(req.headers.apikey));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(vigilanceMap({ J: 4, J1: 4 }, today)));
    });
    const otherPort = await freePort();
    await new Promise<void>((r) => elsewhere.listen(otherPort, '127.0.0.1', r));
    server = createServer((req, res) => {
      keys.push(String(req.headers.apikey));
      if (answer.status === 302) {
        res.writeHead(302, { location: `http://localhost:${otherPort}/map` });
        res.end();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      const day = new Date(today.getTime() - (answer.daysAgo ?? 0) * DAY);
      res.end(answer.status === 200 ? JSON.stringify(vigilanceMap(answer.colours, day)) : '{"error":"down"}');
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    url = `http://127.0.0.1:${port}/public/DPVigilance/v1/cartevigilance/encours`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => elsewhere.close(() => r()));
  });

  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  beforeEach(async () => {
    w = await createWorkingApp({
      ECO_MANAGERS: 'telegram:9001:ilot-13,telegram:9002:ilot-13+rosa-parks',
      VIGILANCE_API_KEY: 'test-key',
      VIGILANCE_URL: url,
    });
  });
  afterEach(() => w.close());

  const drafts = (chatId: string) => w.messagesTo(chatId).filter((m) => /Météo-France/.test(m.text));
  const settle = () =>
    eventually(() => queuesIdle([w.app.ctx.queues.deliveries.queue('telegram')]), 10_000, 'deliveries done');

  it('green → orange tomorrow drafts once; the same again, nothing; red, a new draft; an error, nothing', async () => {
    const check = () => checkVigilance(w.app.ctx);
    answer = { status: 200, colours: { J: 1, J1: 1 } };
    expect((await check()).drafted).toBeUndefined();

    answer = { status: 200, colours: { J: 1, J1: 3 } };
    expect((await check()).drafted).toMatchObject({ level: 'orange', managers: 2 });
    const draft = await eventually(() => drafts('9001')[0], 10_000, 'the draft');
    expect(draft.text).toMatch(/🟠 Météo-France : Vigilance orange canicule pour Paris, du .+ au .+\./);
    expect(draft.text).toMatch(/Rien n'est envoyé sans vous/);
    expect(draft.buttons.map((b) => b.text)).toEqual(['Relire et envoyer', 'Ignorer']);
    await eventually(() => drafts('9002').length === 1, 10_000, 'the other eco-manager');

    expect((await check()).drafted).toBeUndefined();
    answer = { status: 200, colours: { J: 4, J1: 3 } };
    expect((await check()).drafted).toMatchObject({ level: 'red' });
    const red = await eventually(() => drafts('9001')[1], 10_000, 'the red draft');
    expect(red.text).toMatch(/Vigilance rouge[\s\S]*« Tout va bien \? » quotidiens commenceront dès l'envoi/);

    answer = { status: 503, colours: { J: 4, J1: 4 } };
    await expect(check()).rejects.toThrow(/Météo-France answered 503/);
    await settle();
    expect(drafts('9001')).toHaveLength(2);
    expect(keys.every((k) => k === 'test-key')).toBe(true);
  });

  it('never follows a redirect with the key; refuses a colour outside 1–4 and an old map (issue 21, item 4)', async () => {
    const check = () => checkVigilance(w.app.ctx);
    answer = { status: 302, colours: { J: 1, J1: 1 } };
    await expect(check()).rejects.toThrow(/redirect/);
    expect(keysElsewhere).toEqual([]);
    // A 9 is no colour: refused, not clamped to red.
    answer = { status: 200, colours: { J: 1, J1: 9 } };
    await expect(check()).rejects.toThrow(/colour 9/);
    // Last week's map, orange then: its periods are over, nothing is drafted.
    answer = { status: 200, colours: { J: 3, J1: 3 }, daysAgo: 7 };
    expect(await check()).toEqual({ periods: [] });
    await settle();
    expect([...drafts('9001'), ...drafts('9002')]).toEqual([]);
    expect(await w.app.ctx.db.selectFrom('vigilance_levels').selectAll().execute()).toEqual([]);
  });

  it('"Relire et envoyer" opens the usual preview, filled in; nothing leaves before "Envoyer"', async () => {
    answer = { status: 200, colours: { J: 1, J1: 3 } };
    await checkVigilance(w.app.ctx);
    await eventually(() => drafts('9001')[0], 10_000, 'the draft');
    const replies = await w.press('9001', /Relire et envoyer/);
    const preview = texts(replies);
    expect(preview).toMatch(/Aperçu — rien n'est encore envoyé[\s\S]*Quartier\(s\) : Ilot 13\n/);
    expect(preview).toMatch(/Vigilance orange canicule/);
    expect(await w.app.ctx.alerts.list(['ilot-13'], 5)).toHaveLength(0);
    const send = replies.flatMap((r) => r.options ?? []).find((o) => /Envoyer/.test(o.label))!;
    const sent = await w.app.conversation.handle({
      channel: 'telegram',
      userId: '9001',
      chatId: '9001',
      kind: 'choice',
      choice: send.value,
    });
    expect(texts(sent)).toMatch(/C'est parti/);
    const [alert] = await w.app.ctx.alerts.list(['ilot-13'], 5);
    expect(alert).toMatchObject({ level: 'orange', quartiers: ['ilot-13'] });
    expect(alert!.endsAt.getTime()).toBe(today.getTime() + 2 * DAY);

    await eventually(() => drafts('9002')[0], 10_000, "the other eco-manager's draft");
    expect(texts(await w.press('9002', /Ignorer/))).toMatch(/rien n'est envoyé/);
    // A resident pressing a forged draft button gets the polite refusal.
    const forged = await w.app.conversation.handle({
      channel: 'telegram',
      userId: '555',
      chatId: '555',
      kind: 'choice',
      choice: 'draft:red:1:2',
    });
    expect(texts(forged)).toMatch(/réservée aux éco-gestionnaires/);
  });

  it('is read at 06:30 and 16:30 Paris time (job schedulers, rebuilt with the rest)', async () => {
    const schedulers = await w.app.ctx.queues.alerts.queue.getJobSchedulers();
    const vigilance = schedulers.filter((s) => s.key.startsWith('vigilance-'));
    expect(vigilance.map((s) => [s.pattern, s.tz]).sort()).toEqual([
      ['30 16 * * *', 'Europe/Paris'],
      ['30 6 * * *', 'Europe/Paris'],
    ]);
  });
});
