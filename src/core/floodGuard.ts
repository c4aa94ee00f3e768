import type { RedisClient } from '../jobs/redis.js';

/** A counter Redis does not answer in this time (it just went away) does not hold the message back. */
const COUNTER_TIMEOUT_MS = 500;

/** Counts one message in a person's minute: the minute starts with their first message. Returns the count. */
const COUNT_SCRIPT = `redis.call('set', KEYS[1], 0, 'EX', ARGV[1], 'NX')
return redis.call('incr', KEYS[1])`;

export type FloodVerdict = 'ok' | 'warn' | 'drop';

type Counting = RedisClient & { floodCount(key: string, seconds: number): Promise<number> };
interface Pending {
  key: string;
  resolve: (count: number | undefined) => void;
}

/**
 * Per-person limit on incoming messages, counted in Redis so several bot processes share it.
 * The first message over the limit gets a kind warning; the next ones are silently dropped.
 *
 * The counts of updates arriving together (a polled batch, webhook requests of the same moment) go to Redis in
 * one pipeline, one write, rather than one round trip each: under load that write is most of the guard's cost.
 */
export class FloodGuard {
  private pending: Pending[] = [];
  private readonly redis: Counting;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly perMinute: number,
  ) {
    redis.defineCommand('floodCount', { numberOfKeys: 1, lua: COUNT_SCRIPT });
    this.redis = redis as Counting;
  }

  async check(key: string): Promise<FloodVerdict> {
    // Redis down: people are answered rather than kept waiting for a counter (the limit resumes with Redis).
    if (this.redis.status !== 'ready') return 'ok';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unanswered = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), COUNTER_TIMEOUT_MS);
    });
    const count = await Promise.race([this.count(`${this.prefix}:flood:${key}`), unanswered]).finally(() =>
      clearTimeout(timer),
    );
    if (count === undefined || count <= this.perMinute) return 'ok';
    return count === this.perMinute + 1 ? 'warn' : 'drop';
  }

  /** The person's count after this message; undefined when Redis failed (same as down). */
  private count(key: string): Promise<number | undefined> {
    return new Promise((resolve) => {
      if (!this.pending.length) setImmediate(() => this.flush());
      this.pending.push({ key, resolve });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    // A Cluster pipeline must stay in one slot: there, each count goes on its own.
    if (batch.length === 1 || this.redis.isCluster) {
      for (const p of batch) this.redis.floodCount(p.key, 60).then(p.resolve, () => p.resolve(undefined));
      return;
    }
    const pipeline = this.redis.pipeline() as unknown as {
      floodCount(key: string, seconds: number): void;
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const p of batch) pipeline.floodCount(p.key, 60);
    pipeline.exec().then(
      (results) => {
        for (const [i, p] of batch.entries()) p.resolve(results?.[i]?.[0] ? undefined : Number(results?.[i]?.[1]));
      },
      () => {
        for (const p of batch) p.resolve(undefined);
      },
    );
  }
}
