import type { Channel } from '../channel.js';
import { realTimeMs } from '../clock.js';
import type { RedisClient } from './redis.js';

/**
 * A platform's messages per second (Telegram ~30 for a bot) shared by every process: replies to people and
 * broadcast deliveries count in one Redis counter per second. Replies never wait (a person is there, waiting);
 * a delivery goes only while the second's budget is not spent, otherwise it waits for the next second. So
 * replies take priority over a broadcast within the platform's limit, across bot and worker processes.
 */
export class PlatformBudget {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly perSecond: Partial<Record<Channel, number>>,
    private readonly nowMs: () => number = realTimeMs,
  ) {}

  private key(channel: Channel, second: number): string {
    return `${this.prefix}:budget:${channel}:${second}`;
  }

  /** A reply is being sent: counted, never refused. Fire and forget: a reply never waits on Redis. */
  spendOnReply(channel: Channel): void {
    if (!this.perSecond[channel]) return;
    void this.spend(channel, Math.floor(this.nowMs() / 1000)).catch(() => {});
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
    const used = await this.spend(channel, second).catch(() => 0);
    if (used <= limit) return 0;
    return 1000 - (now % 1000) + 1;
  }

  private async spend(channel: Channel, second: number): Promise<number> {
    const key = this.key(channel, second);
    const [[, used] = [null, 0]] = ((await this.redis.multi().incr(key).pexpire(key, 5000).exec()) ?? []) as [
      unknown,
      number,
    ][];
    return Number(used);
  }
}
