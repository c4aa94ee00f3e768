import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { PlatformBudget } from '../../src/jobs/platformBudget.js';
import { deleteRedisKeys, eventually, REDIS_URL } from '../support/env.js';

/** The rolling window is a second and 5 ms (two clocks' rounding; a late arrival is covered by its answered mark). */
const WINDOW = 1005;

describe('the platform budget shared by replies and deliveries (real Redis)', () => {
  const redis = new Redis(REDIS_URL);
  const run = `${process.pid}-${Date.now().toString(36)}`;
  let n = 0;
  const fresh = () => `relais-test-budget-${run}-${n++}`;
  afterAll(async () => {
    for (let i = 0; i < n; i++) await deleteRedisKeys(`relais-test-budget-${run}-${i}`);
    redis.disconnect();
  });
  const logged = (prefix: string) => redis.zcard(`${prefix}:budget:{telegram}:all`);
  /** A connection of its own whose commands are recorded by name (each a round trip). */
  const countingRedis = async () => {
    const counting = redis.duplicate();
    await counting.ping();
    const commands: string[] = [];
    const send = counting.sendCommand.bind(counting);
    counting.sendCommand = ((...a: Parameters<typeof send>) => {
      commands.push((a[0] as { name: string }).name);
      return send(...a);
    }) as typeof send;
    return { counting, commands };
  };

  it('deliveries wait once replies spent the window, until the oldest message leaves it; replies are never refused', async () => {
    const prefix = fresh();
    let now = 1_000_000_000_250;
    const budget = new PlatformBudget(redis, prefix, { telegram: 5 }, () => now);
    expect(await budget.forDelivery('telegram')).toBe(0);
    now += 100;
    await Promise.all(Array.from({ length: 4 }, () => budget.turnForReply('telegram')));
    expect(await logged(prefix)).toBe(5);
    // Five of five spent (one delivery, four replies): the next delivery waits for the first to leave the window.
    expect(await budget.forDelivery('telegram')).toBe(WINDOW - 100 + 1);
    await budget.turnForReply('telegram'); // a reply still goes: replies never wait for replies
    expect(await logged(prefix)).toBe(6);
    now += WINDOW - 100 + 1;
    expect(await budget.forDelivery('telegram')).toBe(0);
  });

  it('replies first: a window full of deliveries makes a reply wait for the oldest to leave, not be refused', async () => {
    const prefix = fresh();
    let now = 7_000_000_000_000;
    const budget = new PlatformBudget(redis, prefix, { telegram: 10 }, () => now);
    for (let i = 0; i < 10; i++) {
      expect(await budget.forDelivery('telegram')).toBe(0);
      now += 10;
    }
    // Full (ten deliveries, beyond their share of two): the reply waits until the first delivery leaves the window.
    let went = false;
    const reply = budget.turnForReply('telegram').then(() => (went = true));
    await eventually(async () => (await redis.zcard(`${prefix}:budget:{telegram}:waiting`)) === 1, 5000, 'waiting');
    expect(went).toBe(false);
    // Meanwhile the place that frees is the reply's: a delivery asking then still waits.
    now += WINDOW - 100 + 1;
    expect(await budget.forDelivery('telegram')).toBeGreaterThan(0);
    await reply;
    expect(await redis.zcard(`${prefix}:budget:{telegram}:waiting`)).toBe(0);
    expect(await logged(prefix)).toBe(10);
  });

  it('never the limit twice in one rolling second: a full end of second holds back the start of the next', async () => {
    const prefix = fresh();
    let now = 3_000_000_000_900; // late in a second
    const budget = new PlatformBudget(redis, prefix, { telegram: 5 }, () => now);
    for (let i = 0; i < 5; i++) expect(await budget.forDelivery('telegram')).toBe(0);
    now += 200; // the next calendar second
    expect(await budget.forDelivery('telegram')).toBe(WINDOW - 200 + 1);
  });

  it('however many replies, deliveries keep a fifth of the window', async () => {
    const prefix = fresh();
    const now = 2_000_000_000_500;
    const budget = new PlatformBudget(redis, prefix, { telegram: 10 }, () => now);
    await Promise.all(Array.from({ length: 30 }, () => budget.turnForReply('telegram')));
    expect(await logged(prefix)).toBe(30);
    expect(await budget.forDelivery('telegram')).toBe(0);
    expect(await budget.forDelivery('telegram')).toBe(0);
    expect(await budget.forDelivery('telegram')).toBeGreaterThan(0);
  });

  it('deliveries asking at once get the room left between them, in one round trip or two, the rest told to wait', async () => {
    const prefix = fresh();
    const now = 4_000_000_000_500;
    const budget = new PlatformBudget(redis, prefix, { telegram: 5 }, () => now);
    const { counting, commands: scripts } = await countingRedis();
    const counted = new PlatformBudget(counting, prefix, { telegram: 5 }, () => now);
    expect(await budget.forDelivery('telegram')).toBe(0);
    const waits = await Promise.all(Array.from({ length: 12 }, () => counted.forDelivery('telegram')));
    expect(waits.filter((w) => w === 0)).toHaveLength(4);
    expect(waits.filter((w) => w === WINDOW + 1)).toHaveLength(8);
    expect(await logged(prefix)).toBe(5);
    // The first asks alone, the eleven others asking meanwhile go together (its text sent once if Redis lacks it).
    expect(scripts.filter((name) => name === 'evalsha')).toHaveLength(2);
    counting.disconnect();
  });

  it('a message the platform answered late counts from its answer, its mark carried by the next delivery asking', async () => {
    const prefix = fresh();
    const start = 5_000_000_000_000;
    let now = start;
    const { counting, commands } = await countingRedis();
    const budget = new PlatformBudget(counting, prefix, { telegram: 2 }, () => now);
    const first = await budget.turnForDelivery('telegram');
    expect(first.wait).toBe(0);
    now += 300;
    first.sent();
    expect((await budget.turnForDelivery('telegram')).wait).toBe(0);
    // A window after the first was logged, it is still in it (answered 300 ms later): the next one waits for that.
    now = start + WINDOW + 1;
    expect(await budget.forDelivery('telegram')).toBe(300);
    // Three scripts, one per ask: the mark had no round trip of its own.
    expect(commands.filter((name) => name === 'evalsha' || name === 'eval')).toHaveLength(3);
    counting.disconnect();
  });

  it('a mark no delivery carries is written by itself within a few ms, in both logs', async () => {
    const prefix = fresh();
    let now = 6_000_000_000_000;
    const budget = new PlatformBudget(redis, prefix, { telegram: 2 }, () => now);
    const turn = await budget.turnForDelivery('telegram');
    now += 200;
    turn.sent();
    const scores = async () => [
      ...(await redis.zrange(`${prefix}:budget:{telegram}:all`, '0', '-1', 'WITHSCORES')),
      ...(await redis.zrange(`${prefix}:budget:{telegram}:deliveries`, '0', '-1', 'WITHSCORES')),
    ];
    await eventually(async () => (await scores())[1] === String(now), 5000, 'answered mark written');
    expect((await scores()).filter((_, i) => i % 2 === 1)).toEqual([String(now), String(now)]);
  });

  it('a channel without a limit (the terminal) is not counted', async () => {
    const budget = new PlatformBudget(redis, fresh(), { telegram: 1 });
    expect(await budget.forDelivery('terminal')).toBe(0);
    expect(await budget.forDelivery('terminal')).toBe(0);
  });
});
