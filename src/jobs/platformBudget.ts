import type { Channel } from '../channel.js';
import { realTimeMs } from '../clock.js';
import type { RedisClient } from './redis.js';

/**
 * A platform's messages per second (Telegram ~30 for a bot) shared by every process: replies to people and
 * broadcast deliveries count in one Redis counter per second. Replies never wait (a person is there, waiting);
 * a delivery goes while the second's budget is not spent, otherwise it waits for the next second. So replies
 * take priority over a broadcast within the platform's limit, across bot and worker processes — but never all
 * of it: deliveries keep a fifth of the budget, so that an alert still goes out while many people chat.
 */
/** Share of each second's budget that deliveries keep however many replies there are. */
const DELIVERY_SHARE = 0.2;

/** How long replies are added up before they are written to Redis. */
const REPLY_FLUSH_MS = 20;

export class PlatformBudget {
  private readonly unwritten = new Map<Channel, number>();
  private flushing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly perSecond: Partial<Record<Channel, number>>,
    private readonly nowMs: () => number = realTimeMs,
  ) {}

  private key(channel: Channel, second: number, what: 'all' | 'deliveries' = 'all'): string {
    // One hash tag for both counters of a second: a transaction on a Redis Cluster must stay in one slot.
    return `${this.prefix}:budget:{${channel}:${second}}${what === 'all' ? '' : ':deliveries'}`;
  }

  /**
   * A reply is being sent: counted, never refused, and never waiting on Redis. Replies are added up here and
   * written every few milliseconds (one INCRBY, not one per reply: under load that is most of the cost).
   */
  spendOnReply(channel: Channel): void {
    if (!this.perSecond[channel]) return;
    this.unwritten.set(channel, (this.unwritten.get(channel) ?? 0) + 1);
    this.flushing ??= setTimeout(() => this.flush(), REPLY_FLUSH_MS);
  }

  private flush(): void {
    this.flushing = undefined;
    const second = Math.floor(this.nowMs() / 1000);
    for (const [channel, count] of this.unwritten) {
      const key = this.key(channel, second);
      void this.redis
        .multi()
        .incrby(key, count)
        .pexpire(key, 5000)
        .exec()
        .catch(() => {});
    }
    this.unwritten.clear();
  }

  /**
   * A delivery asks to go: 0 when it may, otherwise how many ms to wait (until the next second). A Redis that
   * does not answer lets it go: the queue's own limiter still applies.
   */
  async forDelivery(channel: Channel): Promise<number> {
    const limit = this.perSecond[channel];
    if (!limit) return 0;
    const now = this.nowMs();
    const second = Math.floor(now / 1000);
    const [all, deliveries] = await this.spend(channel, second, true).catch(() => [0, 0]);
    if (all <= limit || deliveries <= Math.max(1, Math.floor(limit * DELIVERY_SHARE))) return 0;
    return 1000 - (now % 1000) + 1;
  }

  private async spend(channel: Channel, second: number, delivery = false): Promise<[number, number]> {
    const all = this.key(channel, second);
    const ours = this.key(channel, second, 'deliveries');
    const tx = this.redis.multi().incr(all).pexpire(all, 5000);
    if (delivery) tx.incr(ours).pexpire(ours, 5000);
    const results = ((await tx.exec()) ?? []) as [unknown, number][];
    return [Number(results[0]?.[1] ?? 0), Number(results[2]?.[1] ?? 0)];
  }
}
