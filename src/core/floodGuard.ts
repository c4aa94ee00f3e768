import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '../jobs/redis.js';

/** A counter Redis does not answer in this time (it just went away) does not hold the message back. */
const COUNTER_TIMEOUT_MS = 500;

export type FloodVerdict = 'ok' | 'warn' | 'drop';

/**
 * Per-person limit on incoming messages, counted in Redis so several bot processes share it.
 * The first message over the limit gets a kind warning; the next ones are silently dropped.
 */
export class FloodGuard {
  private readonly limiter: RateLimiterRedis;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly perMinute: number,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:flood`,
      points: perMinute,
      duration: 60,
    });
  }

  async check(key: string): Promise<FloodVerdict> {
    // Redis down: people are answered rather than kept waiting for a counter (the limit resumes with Redis).
    if (this.redis.status !== 'ready') return 'ok';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unanswered = new Promise<FloodVerdict>((resolve) => {
      timer = setTimeout(() => resolve('ok'), COUNTER_TIMEOUT_MS);
    });
    return Promise.race([this.consume(key), unanswered]).finally(() => clearTimeout(timer));
  }

  private async consume(key: string): Promise<FloodVerdict> {
    try {
      await this.limiter.consume(key);
      return 'ok';
    } catch (res) {
      if (res instanceof RateLimiterRes) return res.consumedPoints === this.perMinute + 1 ? 'warn' : 'drop';
      return 'ok'; // Redis failed mid-way: same as down
    }
  }
}
