import { listen } from '../httpListen.js';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { sql } from 'kysely';
import express from 'express';
import type { CoreContext } from '../context.js';
import { CHANNELS } from '../channel.js';
import { maintenanceQueue } from '../jobs/maintenance.js';
import { keepBoardLocal, requireAdminToken } from './adminBoard.js';

export type OpsDeps = Pick<CoreContext, 'db' | 'redis' | 'metrics' | 'logger'>;

export interface OpsOptions {
  port: number;
  host: string;
  /** Bull Board under /admin/queues, reachable with this token only; none → the board is off. */
  adminToken?: string;
  queues: Queue[];
}

/** A probe that does not answer in this time counts as down: /readyz must answer a load balancer quickly. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * What an operator (or an orchestrator) looks at: /healthz (the process answers), /readyz (Redis and the
 * database answer; 503 otherwise), /metrics (Prometheus) and, with ADMIN_TOKEN, Bull Board read-only.
 */
export async function startOpsServer(
  deps: OpsDeps,
  opts: OpsOptions,
): Promise<{ port: number; stop: () => Promise<void> }> {
  deps.metrics.watchQueues(opts.queues);
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });
  app.get('/readyz', async (_req, res) => {
    const [redis, database] = await Promise.all([
      probe(() => deps.redis.ping()),
      probe(() => sql`select 1`.execute(deps.db)),
    ]);
    res.status(redis && database ? 200 : 503).json({ redis: status(redis), database: status(database) });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  if (opts.adminToken) {
    const board = new ExpressAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({
      queues: opts.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Relais' } },
    });
    // Read-only, behind the token, and loading nothing from outside this server (adminBoard.ts).
    app.use('/admin/queues', requireAdminToken(opts.adminToken, '/admin/queues'), keepBoardLocal, board.getRouter());
  } else {
    app.use('/admin', (_req, res) => {
      res.status(404).type('text/plain').send('Bull Board is off: set ADMIN_TOKEN to turn it on.\n');
    });
  }
  const listening = await listen(app, opts.port, opts.host);
  deps.logger.info({ port: listening.port }, 'ops endpoint listening (/healthz, /readyz, /metrics)');
  return listening;
}

/** Every queue of the product, for depths in /metrics and for Bull Board. */
export function watchedQueues(ctx: Pick<CoreContext, 'redis' | 'config' | 'featureJobParts' | 'queues'>): Queue[] {
  return [
    ...CHANNELS.map((c) => ctx.queues.deliveries.queue(c)),
    ...ctx.featureJobParts.flatMap((p) => p.queues ?? []),
    maintenanceQueue(ctx.redis, ctx.config.redis.prefix),
  ] as Queue[];
}

const status = (up: boolean) => (up ? 'ok' : 'down');

async function probe(check: () => Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  const answered = check().then(
    () => true,
    () => false,
  );
  return Promise.race([answered, late]).finally(() => clearTimeout(timer));
}
