import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { deleteRedisKeys, REDIS_URL } from '../support/env.js';
import { AlertJobs } from '../../src/features/heat-alerts/queue.js';
import { MeetingJobs } from '../../src/features/meetings/queue.js';
import { TipJobs } from '../../src/features/tips/queue.js';

/** The features' producers share one base (src/jobs/producer.ts): same queue options, idempotent ids. */
describe("the features' queue producers, on the real Redis", () => {
  const prefix = `relais-producer-${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  let alerts: AlertJobs;
  let meetings: MeetingJobs;
  let tips: TipJobs;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    alerts = new AlertJobs(redis, prefix);
    meetings = new MeetingJobs(redis, prefix, () => new Date());
    tips = new TipJobs(redis, prefix);
  });
  afterAll(async () => {
    await Promise.all([alerts.close(), meetings.close(), tips.close()]);
    redis.disconnect();
    await deleteRedisKeys(prefix);
  });

  it('adding the same job twice keeps one, named after its type, with the retries of its feature', async () => {
    await alerts.fanout('a1');
    await alerts.fanout('a1');
    await meetings.cancelled('m1');
    await meetings.cancelled('m1');
    expect(await alerts.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect(await meetings.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const fanout = await alerts.queue.getJob('fanout-a1');
    expect(fanout).toMatchObject({ name: 'fanout', data: { type: 'fanout', alertId: 'a1' } });
    expect(fanout?.opts).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
    expect((await meetings.queue.getJob('cancelled-m1'))?.name).toBe('cancelled');
    // Tips retry less often and wait longer: a weekly tip is not urgent.
    expect(tips.queue.defaultJobOptions).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 5000 } });
  });

  it('a delayed job keeps its own options beside the shared ones', async () => {
    await alerts.deadline('c1', 2, 60_000);
    await alerts.deadline('c1', 2, 60_000);
    expect(await alerts.queue.getJobCounts('delayed')).toEqual({ delayed: 1 });
    const job = await alerts.queue.getJob('deadline-c1-2');
    expect(job).toMatchObject({ name: 'checkin-deadline', data: { checkinId: 'c1', stage: 2 } });
    expect(job?.opts.delay).toBe(60_000);
  });
});
