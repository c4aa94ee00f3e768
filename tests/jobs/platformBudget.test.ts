import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { PlatformBudget } from '../../src/jobs/platformBudget.js';
import { deleteRedisKeys, eventually, REDIS_URL } from '../support/env.js';

describe('the platform budget shared by replies and deliveries (real Redis)', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `relais-test-budget-${process.pid}-${Date.now().toString(36)}`;
  afterAll(async () => {
    await deleteRedisKeys(prefix);
    redis.disconnect();
  });

  it('deliveries wait for the next second once replies spent it; replies are never refused', async () => {
    let now = 1_000_000_000_250; // a quarter into a second
    const budget = new PlatformBudget(redis, prefix, { telegram: 5 }, () => now);
    expect(await budget.forDelivery('telegram')).toBe(0);
    for (let i = 0; i < 4; i++) budget.spendOnReply('telegram');
    const key = `${prefix}:budget:{telegram:${Math.floor(now / 1000)}}`;
    await eventually(async () => (await redis.get(key)) === '5', 5000, 'replies counted');
    // Five of five spent (one delivery, four replies): the next delivery waits for the next second.
    expect(await budget.forDelivery('telegram')).toBe(751);
    budget.spendOnReply('telegram'); // a reply still goes
    now += 800;
    expect(await budget.forDelivery('telegram')).toBe(0);
  });

  it('however many replies, deliveries keep a fifth of each second', async () => {
    const now = 2_000_000_000_500;
    const budget = new PlatformBudget(redis, prefix, { telegram: 10 }, () => now);
    for (let i = 0; i < 30; i++) budget.spendOnReply('telegram');
    const key = `${prefix}:budget:{telegram:${Math.floor(now / 1000)}}`;
    await eventually(async () => (await redis.get(key)) === '30', 5000, 'replies counted');
    expect(await budget.forDelivery('telegram')).toBe(0);
    expect(await budget.forDelivery('telegram')).toBe(0);
    expect(await budget.forDelivery('telegram')).toBe(501);
  });

  it('a channel without a limit (the terminal) is not counted', async () => {
    const budget = new PlatformBudget(redis, prefix, { telegram: 1 });
    expect(await budget.forDelivery('terminal')).toBe(0);
    expect(await budget.forDelivery('terminal')).toBe(0);
  });
});
