import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/context.js';
import { eventually } from '../support/env.js';
import { startFlakyTelegram } from '../support/telegramFlakyServer.js';
import { createAlert, createBalade, joinNetwork } from '../support/network.js';
import { broadcastWithWorkerKilled } from '../support/workerKill.js';
import { LocalRedisCluster } from '../support/redisCluster.js';
import { createWorkingApp } from '../support/workingApp.js';

const RECIPIENTS = 1000;
const CONCURRENCY = 16;
const HOUR = 3600_000;

/** REDIS_CLUSTER_NODES: every queue on a local 3-master Redis Cluster (issue 14, item 3). */
describe('on a Redis Cluster of three masters', () => {
  let cluster: LocalRedisCluster;
  let clusterEnv: Record<string, string>;
  beforeAll(async () => {
    cluster = await LocalRedisCluster.start();
    clusterEnv = { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes };
  });
  afterAll(() => cluster?.stop());

  it('a 1,000-recipient alert reaches everyone with a worker killed in the middle; each queue in one slot', async () => {
    const app = await createTestApp('postgres', clusterEnv);
    const tg = await startFlakyTelegram();
    try {
      const { atKill, duplicates } = await broadcastWithWorkerKilled(app, tg, {
        recipients: RECIPIENTS,
        concurrency: CONCURRENCY,
        firstChatId: 70_000,
      });

      // Each queue's keys on one node (one hash slot); the queues spread over more than one node.
      const byNode = await cluster.keysByNode(`${app.space.prefix}:{*`);
      const nodesOfQueue = new Map<string, Set<number>>();
      for (const [port, keys] of byNode)
        for (const key of keys) {
          const queue = /\{([^}]+)\}/.exec(key)![1]!;
          nodesOfQueue.set(queue, (nodesOfQueue.get(queue) ?? new Set()).add(port));
        }
      expect([...nodesOfQueue.keys()]).toEqual(expect.arrayContaining(['heat-alerts', 'deliveries-telegram']));
      for (const nodes of nodesOfQueue.values()) expect(nodes.size).toBe(1);
      const used = new Set([...nodesOfQueue.values()].flatMap((s) => [...s]));
      expect(used.size).toBeGreaterThan(1);
      console.log(
        `cluster: killed after ${atKill} of ${RECIPIENTS}; duplicates: ${duplicates}; ` +
          `queues on ${used.size} of 3 nodes`,
      );
    } finally {
      await tg.close();
      await app.close();
    }
  });

  it('a silent person is reminded, then their volunteer and the eco-manager told; meeting reminders fire', async () => {
    const w = await createWorkingApp({
      ...clusterEnv,
      CHECKIN_GRACE_MINUTES: String(1500 / 60_000),
      ECO_MANAGERS: 'telegram:9001:ilot-13',
      TELEGRAM_MESSAGES_PER_SECOND: '50',
    });
    try {
      const ctx = w.app.ctx;
      const person = await joinNetwork(ctx, '300', { address: '7 rue des Lilas' });
      await joinNetwork(ctx, '400', {
        role: 'volunteer',
        address: '7 rue des Lilas',
        availability: 'anytime',
        needs: null,
      });
      const alert = await createAlert(ctx, ['ilot-13'], 'red');
      await ctx.queues.alerts.fanout(alert.id);
      await ctx.queues.alerts.checkinRound(alert.id);
      await eventually(() => w.messagesTo('300').some((m) => /Tout va bien/.test(m.text)), 15_000, 'check-in');
      await eventually(() => w.messagesTo('300').some((m) => /pas eu de réponse/.test(m.text)), 15_000, 'reminder');
      await eventually(() => w.messagesTo('400').some((m) => /ne répond pas/.test(m.text)), 15_000, 'volunteer');
      await eventually(
        () => w.messagesTo('9001').some((m) => /Personne n'a confirmé/.test(m.text)),
        15_000,
        'eco-manager',
      );

      // The 2-hour reminder is due in 2 s.
      const meeting = await createBalade(ctx, new Date(Date.now() + 2 * HOUR + 2000), { reminders: ['PT2H'] });
      await ctx.meetings.register(meeting.id, person.id);
      await ctx.queues.meetings.scheduleReminders(meeting);
      await eventually(() => w.messagesTo('300').some((m) => /Rappel/.test(m.text)), 15_000, 'meeting reminder');
    } finally {
      await w.close();
    }
  });
});
