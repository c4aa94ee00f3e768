import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

export type FloodVerdict = 'ok' | 'warn' | 'drop';

/**
 * Per-person limit on incoming messages, counted in Redis so several bot processes share it.
 * The first message over the limit gets a kind warning; the next ones are silently dropped.
 */
export class FloodGuard {
  private readonly limiter: RateLimiterRedis;

  constructor(private readonly redis: Redis, prefix: string, private readonly perMinute: number) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:flood`, points: perMinute, duration: 60 });
  }

  async check(key: string): Promise<FloodVerdict> {
    // Redis down: people are answered rather than kept waiting for a counter (the limit resumes with Redis).
    if (this.redis.status !== 'ready') return 'ok';
    try {
      await this.limiter.consume(key);
      return 'ok';
    } catch (res) {
      if (res instanceof RateLimiterRes) return res.consumedPoints === this.perMinute + 1 ? 'warn' : 'drop';
      throw res;
    }
  }
}
