import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/context.js';
import { eventually } from '../support/env.js';
import { seedNetwork } from '../support/network.js';
import { createDeliveryWorker } from '../../src/jobs/deliveries.js';
import type { ChannelSender } from '../../src/bots/outbound.js';

const LOCK_MS = 2000;

describe('a delivery in flight when its worker dies is taken over within JOB_LOCK_MS', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp('sqlite');
  });
  afterAll(() => app.close());

  it('the message reaches the person at most JOB_LOCK_MS after the worker stopped renewing its lock', async () => {
    const ctx = app.ctx;
    const [person] = await seedNetwork(ctx.db, 1, { firstChatId: 4242, quartiers: ['ilot-13'], roles: ['supported'] });
    const deps = {
      db: ctx.db,
      redis: ctx.redis,
      people: ctx.people,
      logger: ctx.logger,
      now: ctx.now,
      prefix: ctx.config.redis.prefix,
      compose: async () => ({ text: 'Alerte' }),
    };
    const opts = {
      channel: 'telegram' as const,
      connection: ctx.redis,
      concurrency: 1,
      perSecond: 100,
      chatIntervalMs: 0,
      lockMs: LOCK_MS,
    };
    let taken!: () => void;
    const inFlight = new Promise<void>((r) => (taken = r));
    // The first worker takes the job and never finishes it (as if killed in the middle of the send).
    const stuck: ChannelSender = {
      send: () => {
        taken();
        return new Promise(() => {});
      },
      edit: async () => {},
    };
    const dying = createDeliveryWorker(deps, { ...opts, sender: stuck });
    await ctx.queues.deliveries.enqueue([
      { key: `takeover-${person!.personId}`, kind: 'alert', ref: 'x', personId: person!.personId, channel: 'telegram' },
    ]);
    await inFlight;
    void dying.close(true); // stops renewing its lock, like a SIGKILL
    const diedAt = Date.now();
    let deliveredAt = 0;
    const healthy: ChannelSender = {
      send: async () => {
        deliveredAt = Date.now();
        return { messageId: '1' };
      },
      edit: async () => {},
    };
    const survivor = createDeliveryWorker(deps, { ...opts, sender: healthy });
    try {
      await eventually(() => deliveredAt > 0, 4 * LOCK_MS, 'the message taken over');
    } finally {
      await survivor.close();
    }
    // Taken over after about one lock period, not BullMQ's default 30 s; the margin is for a busy machine.
    expect(deliveredAt - diedAt).toBeLessThan(3 * LOCK_MS);
  });
});
