import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { buildContext } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { Conversation } from '../../src/core/conversation.js';
import { chatFeatures } from '../../src/features/index.js';
import { createTelegramBot } from '../../src/bots/telegram/telegramBot.js';
import { handleClaimed, preclaimedOf } from '../../src/bots/telegram/webhookServer.js';
import { UpdateInbox } from '../../src/storage/updateInbox.js';
import { createTestSpace, DB_KINDS, type TestSpace } from '../support/env.js';
import { startTelegramLoadStandIn } from '../support/telegramLoadStandIn.js';

/**
 * The work one Telegram update costs, counted: database statements and Redis round trips, from the claim in
 * the inbox to the last reply, as the webhook handles it. Ceilings are today's counts: a change that adds a
 * statement to the hot path shows here, whatever the machine's load.
 */
interface Work {
  queries: number;
  redisTrips: number;
  /** Messages sent back (each asks the platform budget in Redis for its turn; its "answered" mark follows). */
  replies: number;
  sql: string[];
}

/**
 * Statements per update: the claim and its "done" mark (2), the person with their flow state (1, one join), then
 * the update's own work. Before issue 28: start 8, press 6, typed 6, question 8. Redis: the flood counter (1),
 * then each reply's turn in the platform budget (replies first, PlatformBudget.turnForReply), which carries the
 * previous reply's "answered" mark, and the last mark on its own: replies + 1. Under load, the replies of one turn
 * of the event loop ask together, and the marks ride with the next ask.
 */
const CEILINGS = {
  /** A newcomer's /start: the person created (insert … returning), the flow started. */
  start: { queries: 6, redisTrips: 1 },
  /** A button pressed in the signup (the quartier). */
  press: { queries: 4, redisTrips: 1 },
  /** A typed answer in the signup (the address). */
  typed: { queries: 4, redisTrips: 1 },
  /**
   * A member's question for the documents, outside any flow (the index already built): the membership, the
   * curated answers, the question kept. 7 since issue 24: the answer is the middle tier ("voici ce que disent les
   * documents"), so the question goes to the inbox, which first counts the person's questions of the day (the
   * daily cap, 1); that count was run twice (8) until `keep` took the route already asked.
   */
  question: { queries: 7, redisTrips: 1 },
};

describe.each(DB_KINDS)('work per update on %s', (kind) => {
  let space: TestSpace;
  let standIn: Awaited<ReturnType<typeof startTelegramLoadStandIn>>;
  let ctx: Awaited<ReturnType<typeof buildContext>>;
  let handle: (update: Update) => Promise<Work>;
  let trips: (run: () => Promise<unknown>) => Promise<number>;
  let conversation: Conversation;
  let nextUpdate = 1;
  const seen: Record<string, Work> = {};

  beforeAll(async () => {
    standIn = await startTelegramLoadStandIn();
    space = await createTestSpace(kind);
    let counting = false;
    const work: Work = { queries: 0, redisTrips: 0, replies: 0, sql: [] };
    ctx = await buildContext(space.config, {
      logger: createLogger('silent'),
      onQuery: (sql) => {
        if (!counting) return;
        work.queries++;
        work.sql.push(sql.slice(0, 90));
      },
    });
    // Redis round trips: one per command, or one per pipeline (its commands share a stream and one write).
    const pipelines = new WeakSet<object>();
    const send = ctx.redis.sendCommand.bind(ctx.redis);
    ctx.redis.sendCommand = ((command: Parameters<typeof send>[0], stream?: object, ...rest: unknown[]) => {
      if (counting && (!stream || !pipelines.has(stream))) work.redisTrips++;
      if (stream) pipelines.add(stream);
      return (send as (...a: unknown[]) => ReturnType<typeof send>)(command, stream, ...rest);
    }) as typeof ctx.redis.sendCommand;

    conversation = new Conversation(ctx, chatFeatures(ctx));
    trips = async (run) => {
      work.redisTrips = 0;
      counting = true;
      try {
        await run();
      } finally {
        counting = false;
      }
      return work.redisTrips;
    };
    const inbox = new UpdateInbox(ctx.db, ctx.now);
    const logger = createLogger('silent');
    const bot = createTelegramBot({
      config: { token: '4242:count', apiRoot: standIn.apiRoot },
      maxMessageLength: ctx.config.maxMessageLength,
      logger,
      handle: (event) => conversation.handle(event),
      inbox,
      beforeReply: () => ctx.budget.turnForReply('telegram'),
    });
    await bot.init();
    const deps = { bot, inbox, logger, preclaimed: preclaimedOf(bot) };
    // As the webhook does: claim, then handle (which marks it done).
    handle = async (update) => {
      Object.assign(work, { queries: 0, redisTrips: 0, replies: 0, sql: [] });
      const sentBefore = standIn.sent();
      counting = true;
      try {
        expect(await inbox.claim('telegram', String(update.update_id), JSON.stringify(update))).toBe(true);
        await handleClaimed(deps, update);
        // The last reply's "answered" mark reaches Redis a few ms later (2 ms), with nothing to carry it.
        await new Promise((r) => setTimeout(r, 60));
      } finally {
        counting = false;
      }
      return { ...work, replies: standIn.sent() - sentBefore, sql: [...work.sql] };
    };
  });

  afterAll(async () => {
    await ctx?.close();
    await space?.cleanup();
    await standIn?.close();
    if (process.env.WORK_SQL) console.log(kind, JSON.stringify(seen, null, 1));
    else
      console.log(
        kind,
        JSON.stringify(Object.fromEntries(Object.entries(seen).map(([k, w]) => [k, [w.queries, w.redisTrips]]))),
      );
  });

  const from = { id: 7001, is_bot: false, first_name: 'Ana', language_code: 'fr' };
  const chat = { id: 7001, type: 'private' as const, first_name: 'Ana' };
  const say = (text: string) =>
    handle({
      update_id: nextUpdate++,
      message: {
        message_id: nextUpdate,
        date: 1,
        chat,
        from,
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] } : {}),
      },
    } as Update);
  const press = (label: RegExp) => {
    const asked = [...standIn.messagesTo('7001')].reverse().find((m) => m.buttons.length)!;
    const button = asked.buttons.find((b) => label.test(b.text))!;
    expect(button, `a button ${label} under "${asked.text}"`).toBeDefined();
    return handle({
      update_id: nextUpdate++,
      callback_query: {
        id: String(nextUpdate),
        from,
        chat_instance: '1',
        message: { message_id: asked.messageId, date: 1, chat, text: asked.text },
        data: button.callback_data,
      },
    } as Update);
  };
  const within = (what: keyof typeof CEILINGS, work: Work) => {
    seen[what] = work;
    const detail = `${what} on ${kind}:\n${work.sql.join('\n')}`;
    expect(work.queries, detail).toBeLessThanOrEqual(CEILINGS[what].queries);
    expect(work.redisTrips, detail).toBeLessThanOrEqual(CEILINGS[what].redisTrips + work.replies + 1);
  };

  it('a signup and a question cost a few statements and one Redis round trip per update, counted', async () => {
    // A first update of another person warms what a fresh process opens once (Redis scripts, connections), so that
    // only the work of each update is counted.
    const other = { id: 7002, is_bot: false, first_name: 'Bo', language_code: 'fr' };
    await handle({
      update_id: nextUpdate++,
      message: {
        message_id: nextUpdate,
        date: 1,
        chat: { id: 7002, type: 'private', first_name: 'Bo' },
        from: other,
        text: '/aide',
      },
    } as Update);
    within('start', await say('/start'));
    within('press', await press(/Rosa Parks/));
    await press(/volontaire/);
    within('typed', await say('20 rue Émile Bollaert'));
    await press(/cette conversation/);
    await press(/week-end/);
    await press(/Valider/); // availability takes several answers: chosen, then validated
    await press(/^Passer$/); // the name, optional
    await press(/d'accord/);
    await press(/Confirmer/);
    expect(standIn.messagesTo('7001').at(-1)?.text).toMatch(/enregistré/);
    await say("C'est quoi un DTG ?"); // the first question builds the documents' index, once per process
    within('question', await say('Quand a lieu la prochaine réunion ?'));
    expect(standIn.messagesTo('7001').at(-1)?.text).toMatch(/./);
  });

  it('the flood counts of updates arriving together go to Redis in one round trip', async () => {
    const people = Array.from({ length: 8 }, (_, i) => `flood-${i}`);
    const counted = await trips(() =>
      Promise.all(
        people.map((userId) =>
          conversation.handle({
            channel: 'telegram',
            userId,
            chatId: userId,
            kind: 'unsupported',
            unsupported: 'media',
          }),
        ),
      ),
    );
    expect(counted).toBe(1);
  });
});
