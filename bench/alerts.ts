/**
 * Alert fan-out benchmark (npm run bench:alerts). Against a local Telegram stand-in:
 *  1. one alert to 100,000 recipients: time to enqueue, and the delivery rate of a worker process with the
 *     limits lifted — beside a bare BullMQ addBulk + no-op worker measured in the same run;
 *  2. with the Telegram limit at 30/s and a stand-in that answers 429 beyond it: the sustained rate over 60 s;
 *  3. the worker's peak RSS during the 100k run.
 * Prints figures, then one JSON line.   Options: --recipients N --limited-seconds S (0 skips part 2)
 *   --workers N (worker processes sharing the queue in part 1; the goal is measured with 1)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn, type ChildProcess } from 'node:child_process';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { buildContext } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { startFlakyTelegram } from '../tests/support/telegramFlakyServer.js';
import { createAlert, seedNetwork } from '../tests/support/network.js';
import { alertDeliveries } from '../src/features/heat-alerts/heatAlerts.js';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '100000' },
    'limited-seconds': { type: 'string', default: '60' },
    workers: { type: 'string', default: '1' },
  },
});
const WORKERS = Number(values.workers);
const N = Number(values.recipients);
const LIMITED_S = Number(values['limited-seconds']);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dir = mkdtempSync(join(tmpdir(), 'relais-bench-alerts-'));
const prefix = `relais-bench-${Date.now().toString(36)}`;
const r2 = (x: number) => Math.round(x * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      '--import',
      'tsx',
      'src/main.ts',
      '--role=worker',
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('workers started')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${err.slice(-2000)}`)));
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out: ${what}`);
}

async function bare(redis: Redis): Promise<{ enqueueS: number; perS: number }> {
  const queue = new Queue('bare', { connection: redis, prefix });
  let done = 0;
  let started = performance.now();
  for (let i = 0; i < N; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
        name: 'x',
        data: { key: `bare-${i + k}` },
        opts: { jobId: `bare-${i + k}`, removeOnComplete: true },
      })),
    );
  }
  const enqueueS = (performance.now() - started) / 1000;
  started = performance.now();
  const connection = redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker('bare', async () => void done++, { connection, prefix, concurrency: 16 });
  await waitUntil(async () => done >= N, 600_000, 'bare worker');
  const perS = N / ((performance.now() - started) / 1000);
  await worker.close();
  connection.disconnect();
  await queue.obliterate({ force: true });
  await queue.close();
  return { enqueueS, perS };
}

async function main() {
  const env = {
    SQLITE_PATH: join(dir, 'bench.sqlite'),
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'info',
    TELEGRAM_BOT_TOKEN: 'bench:token',
  };
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });

  // --- 1. 100k fan-out, limits lifted -----------------------------------------------------------
  const open = await startFlakyTelegram();
  const config = loadConfig({ ...env, TELEGRAM_API_ROOT: open.apiRoot } as NodeJS.ProcessEnv);
  const ctx = await buildContext(config, { logger: createLogger('warn') });
  await seedNetwork(ctx.db, N, {
    firstChatId: 1_000_000,
    quartiers: ['ilot-13', 'rosa-parks', 'bas-belleville'],
    roles: ['supported', 'volunteer', 'relay_building'],
  });
  const newAlert = (quartiers: string[]) => createAlert(ctx, quartiers);
  const alert = await newAlert(['ilot-13', 'rosa-parks', 'bas-belleville']);

  // Enqueue exactly as the fan-out job does: recipients → delivery rows + one job each.
  let started = performance.now();
  const recipients = await ctx.alerts.recipients(alert.quartiers, alert.audience);
  await ctx.queues.deliveries.enqueue(alertDeliveries(alert.id, recipients));
  const enqueueS = (performance.now() - started) / 1000;
  console.log(`enqueued ${recipients.length} deliveries in ${r2(enqueueS)} s`);

  const workers = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      startWorker({
        ...env,
        TELEGRAM_API_ROOT: open.apiRoot,
        TELEGRAM_MESSAGES_PER_SECOND: '1000000',
        DELIVERY_CONCURRENCY: '32',
        TELEGRAM_CHAT_INTERVAL_MS: '0',
      }),
    ),
  );
  started = performance.now();
  let rss = 0;
  const sampleRss = () => (rss = Math.max(rss, ...workers.map((w) => peakRssMb(w.pid!))));
  await waitUntil(
    async () => {
      sampleRss();
      return open.delivered.size >= N;
    },
    900_000,
    '100k deliveries',
  );
  const deliverS = (performance.now() - started) / 1000;
  sampleRss();
  for (const w of workers) w.kill('SIGTERM');
  const deliveredPerS = N / deliverS;
  const duplicates = [...open.delivered.values()].reduce((n, c) => n + c - 1, 0);
  console.log(
    `delivered ${open.delivered.size} in ${r2(deliverS)} s by ${WORKERS} worker process(es): ` +
      `${Math.round(deliveredPerS)}/s (duplicates ${duplicates}); worker peak RSS ${rss} MB`,
  );
  await open.close();

  const b = await bare(redis);
  console.log(`bare BullMQ: addBulk ${N} in ${r2(b.enqueueS)} s, no-op worker ${Math.round(b.perS)}/s`);

  // --- 2. Telegram's 30/s limit, against a stand-in that enforces it ----------------------------
  let limitedPerS = 0;
  let rateLimited = 0;
  if (LIMITED_S > 0) {
    const strict = await startFlakyTelegram({ limitPerSecond: 30 });
    const small = await newAlert(['ilot-13']); // ~33k recipients; we only watch the first 60 s
    const limitedWorker = await startWorker({
      ...env,
      TELEGRAM_API_ROOT: strict.apiRoot,
      TELEGRAM_MESSAGES_PER_SECOND: '30',
    });
    const smallRecipients = (await ctx.alerts.recipients(small.quartiers, small.audience)).slice(
      0,
      30 * (LIMITED_S + 20),
    );
    await ctx.queues.deliveries.enqueue(alertDeliveries(small.id, smallRecipients));
    await sleep(5000); // warm-up
    const from = strict.delivered.size;
    await sleep(LIMITED_S * 1000);
    limitedPerS = (strict.delivered.size - from) / LIMITED_S;
    rateLimited = strict.stats().rateLimited;
    limitedWorker.kill('SIGTERM');
    console.log(`limited to 30/s: ${r2(limitedPerS)}/s sustained over ${LIMITED_S} s, ${rateLimited} answers 429`);
    await strict.close();
  }

  await ctx.queues.deliveries.queue('telegram').obliterate({ force: true });
  await ctx.queues.alerts.queue.obliterate({ force: true });
  await ctx.close();
  redis.disconnect();
  console.log(
    JSON.stringify({
      recipients: N,
      worker_processes: WORKERS,
      enqueue_s: r2(enqueueS),
      bare_enqueue_s: r2(b.enqueueS),
      enqueue_ratio: r2(enqueueS / b.enqueueS),
      delivered_per_s: Math.round(deliveredPerS),
      bare_delivered_per_s: Math.round(b.perS),
      delivery_ratio: r2(deliveredPerS / b.perS),
      duplicates,
      limited_per_s: r2(limitedPerS),
      rate_limited_429: rateLimited,
      worker_rss_mb: rss,
    }),
  );
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
