/**
 * Reply latency under load (npm run bench:chat). 200 people chat at once through a Telegram stand-in, each
 * sending 20 messages and waiting for each reply (the signup answered by meaning — bench/support/chatDriver.ts —
 * with a question mid-flow and a wrong address, then /mesdonnees, FAQ questions), against the product started
 * as `npm start` would (one process, bot and workers) — by long polling and by webhook, on SQLite and on
 * PostgreSQL, idle and during a 10,000-recipient alert broadcast. A bare grammY bot answering "ok" (no database,
 * no Redis) is measured in the same run.
 * Prints one line per run, then one JSON line: the worst run's figures, the errors of every run (bare included;
 * an unanswered or unexpected reply, a question the person could not answer) and every run.
 * With --load paced (not run by default): the broadcast while the same people chat as people do, reading before
 * they answer (--pace-ms between messages, for --paced-seconds), against a stand-in that answers 429 beyond
 * Telegram's 30 messages a second: how fast the broadcast goes in what the replies leave, and the 429s.
 *   Options: --users N --messages N --recipients N --db sqlite,postgres --mode polling,webhook
 *            --load idle,broadcast[,paced] --pace-ms N --paced-seconds N
 */
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { buildContext } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { createTestSpace, type DbKind } from '../tests/support/env.js';
import { createAlert, seedNetwork } from '../tests/support/network.js';
import { freePort } from '../tests/support/ports.js';
import { ProductProcess } from '../tests/support/product.js';
import { startTelegramLoadStandIn } from '../tests/support/telegramLoadStandIn.js';
import { type Pace, talkAsMember, talkToBare } from './support/chatDriver.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    messages: { type: 'string', default: '20' },
    recipients: { type: 'string', default: '10000' },
    db: { type: 'string', default: 'sqlite,postgres' },
    mode: { type: 'string', default: 'polling,webhook' },
    load: { type: 'string', default: 'idle,broadcast' },
    'pace-ms': { type: 'string', default: '20000' },
    'paced-seconds': { type: 'string', default: '60' },
  },
});
const USERS = Number(values.users);
const MESSAGES = Number(values.messages);
const RECIPIENTS = Number(values.recipients);
const REPLY_TIMEOUT_MS = 15_000;
type Mode = 'polling' | 'webhook';
type Load = 'idle' | 'broadcast' | 'paced';
const PACE_MS = Number(values['pace-ms']);
const PACED_SECONDS = Number(values['paced-seconds']);
/** Telegram's limit for a bot, all chats together (the paced run's stand-in enforces it). */
const TELEGRAM_PER_SECOND = 30;

interface RunResult {
  bot: 'relais' | 'bare';
  db: DbKind | '-';
  mode: Mode;
  load: Load;
  users: number;
  messages: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  rss_mb: number;
  /** The bot process's CPU time (user + system) per message while people chatted: what a busy machine moves least. */
  cpu_ms_per_message: number;
  /** People whose signup ended in "c'est enregistré" (the product; 0 for the bare bot). */
  joined: number;
  /** Broadcast messages the stand-in received while people were chatting, per second. */
  broadcast_per_s?: number;
  /** Paced run: replies to the people chatting, per second, and sendMessage calls refused with 429. */
  replies_per_s?: number;
  rate_limited_429?: number;
  /** …of which replies (the rest: broadcast messages). */
  replies_429?: number;
  /** The most frequent failures, quoting the product (a changed flow says where it got stuck). */
  failures?: string[];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!) : 0;

function figures(
  run: Pick<RunResult, 'bot' | 'db' | 'mode' | 'load'>,
  talk: Talk,
  pid: number | undefined,
  cpuMs: number,
): RunResult {
  const at = (p: number) => percentile(talk.latencies, p);
  const [p50_ms, p95_ms, p99_ms] = [at(0.5), at(0.95), at(0.99)];
  const { errors, joined, failures } = talk;
  const messages = USERS * MESSAGES;
  return {
    ...run,
    ...{ users: USERS, messages, p50_ms, p95_ms, p99_ms, errors, joined, rss_mb: peakRssMb(pid) },
    cpu_ms_per_message: Math.round((cpuMs / messages) * 100) / 100,
    ...(failures.length ? { failures } : {}),
  };
}

function peakRssMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) the process has used so far, in ms (/proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

type Talk = { latencies: number[]; errors: number; joined: number; failures: string[] };

/** Every person talks at the same time (by meaning, see chatDriver.ts); each message waits for its reply. */
async function chat(
  standIn: Awaited<ReturnType<typeof startTelegramLoadStandIn>>,
  firstUserId: number,
  bare: boolean,
  pace?: Pace,
): Promise<Talk> {
  const outcomes = await Promise.all(
    Array.from({ length: USERS }, (_, u) => {
      const user = standIn.user(firstUserId + u);
      return bare ? talkToBare(user, MESSAGES, REPLY_TIMEOUT_MS) : talkAsMember(user, MESSAGES, REPLY_TIMEOUT_MS, pace);
    }),
  );
  const measures = outcomes.flatMap((o) => o.measures);
  if (process.env.BENCH_STEPS) {
    const byLabel = new Map<string, number[]>();
    for (const m of measures) byLabel.set(m.label, [...(byLabel.get(m.label) ?? []), m.ms]);
    for (const [what, list] of byLabel) {
      const sorted = list.sort((a, b) => a - b);
      console.log(
        `  ${what}: ${sorted.length} × p50 ${percentile(sorted, 0.5)} ms, p95 ${percentile(sorted, 0.95)} ms`,
      );
    }
  }
  // The same failure for many people is one line with its count.
  const counted = new Map<string, number>();
  for (const f of outcomes.flatMap((o) => o.failures)) counted.set(f, (counted.get(f) ?? 0) + 1);
  const failures = [...counted]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([f, n]) => `${n} × ${f}`);
  for (const f of failures) console.error(`  failure: ${f}`);
  return {
    latencies: measures.map((m) => m.ms).sort((a, b) => a - b),
    errors: outcomes.reduce((n, o) => n + o.failures.length, 0),
    joined: outcomes.filter((o) => o.joined).length,
    failures,
  };
}

const FIRST_RECIPIENT = 5_000_000;
const broadcastSent = (standIn: Awaited<ReturnType<typeof startTelegramLoadStandIn>>) =>
  standIn.sentWhere((chatId) => Number(chatId) >= FIRST_RECIPIENT);

async function runProduct(db: DbKind, mode: Mode, load: Load): Promise<RunResult> {
  const standIn = await startTelegramLoadStandIn(load === 'paced' ? { limitPerSecond: TELEGRAM_PER_SECOND } : {});
  const space = await createTestSpace(db);
  const webhookPort = await freePort();
  const env: Record<string, string> = {
    ...space.env,
    TELEGRAM_BOT_TOKEN: '4242:bench',
    TELEGRAM_API_ROOT: standIn.apiRoot,
    LOG_LEVEL: 'info',
    ECO_MANAGERS: 'telegram:9001:ilot-13+rosa-parks+bas-belleville',
    ...(mode === 'webhook' ? { PUBLIC_URL: `http://127.0.0.1:${webhookPort}`, WEBHOOK_PORT: String(webhookPort) } : {}),
  };
  const ctx = await buildContext(space.config, { logger: createLogger('silent') });
  let product: ProductProcess | undefined;
  try {
    if (load !== 'idle') {
      await seedNetwork(ctx.db, RECIPIENTS, {
        firstChatId: FIRST_RECIPIENT,
        quartiers: ['ilot-13', 'rosa-parks', 'bas-belleville'],
        roles: ['supported', 'volunteer', 'relay_building'],
      });
    }
    const profile = process.env.BENCH_NODE_ARGS
      ? process.env.BENCH_NODE_ARGS.split(' ')
      : process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : [];
    product = new ProductProcess(env, [], { nodeArgs: profile });
    await product.waitForLog(
      mode === 'webhook' ? /telegram webhook listening/ : /telegram long polling started/,
      60_000,
    );
    let sentAtStart = 0;
    if (load !== 'idle') {
      const alert = await createAlert(ctx, ['ilot-13', 'rosa-parks', 'bas-belleville'], 'orange');
      await ctx.queues.alerts.fanout(alert.id);
      // People start chatting once the broadcast is under way (its first messages arrived).
      while (standIn.sent() < 20) await new Promise((r) => setTimeout(r, 50));
      sentAtStart = broadcastSent(standIn);
    }
    const started = performance.now();
    const cpuAtStart = cpuMsOf(product.pid);
    const pace = load === 'paced' ? { ms: PACE_MS, until: started + PACED_SECONDS * 1000 } : undefined;
    const talk = await chat(standIn, 1000, false, pace);
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = cpuMsOf(product.pid) - cpuAtStart;
    const result = figures({ bot: 'relais', db, mode, load }, talk, product.pid, cpuMs);
    if (load !== 'idle') {
      const deliveries = broadcastSent(standIn) - sentAtStart;
      result.broadcast_per_s = Math.round((deliveries / seconds) * 10) / 10;
    }
    if (load === 'paced') {
      const replies = standIn.sentWhere((chatId) => Number(chatId) < FIRST_RECIPIENT);
      result.replies_per_s = Math.round((replies / seconds) * 10) / 10;
      result.rate_limited_429 = standIn.refused429();
      result.replies_429 = standIn.refused429((chatId) => Number(chatId) < FIRST_RECIPIENT);
    }
    return result;
  } finally {
    await product?.kill('SIGTERM');
    await ctx.close();
    await space.cleanup();
    await standIn.close();
  }
}

async function runBare(mode: Mode): Promise<RunResult> {
  const standIn = await startTelegramLoadStandIn();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/bareBot.ts'], {
    env: {
      ...process.env,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      ...(mode === 'webhook' ? { BARE_WEBHOOK_PORT: String(port) } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve) => child.stderr!.on('data', (d: Buffer) => /ready/.test(String(d)) && resolve()));
  try {
    const cpuAtStart = cpuMsOf(child.pid);
    const talk = await chat(standIn, 1000, true);
    return figures({ bot: 'bare', db: '-', mode, load: 'idle' }, talk, child.pid, cpuMsOf(child.pid) - cpuAtStart);
  } finally {
    child.kill('SIGTERM');
    await standIn.close();
  }
}

async function main() {
  const dbs = values.db.split(',') as DbKind[];
  const modes = values.mode.split(',') as Mode[];
  const loads = values.load.split(',') as Load[];
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const runs: RunResult[] = [];
  const show = (r: RunResult) =>
    console.log(
      `${r.bot.padEnd(6)} ${r.db.padEnd(8)} ${r.mode.padEnd(7)} ${r.load.padEnd(9)} p50 ${r.p50_ms} ms, ` +
        `p95 ${r.p95_ms} ms, p99 ${r.p99_ms} ms, errors ${r.errors}, joined ${r.joined}, rss ${r.rss_mb} MB, ` +
        `cpu ${r.cpu_ms_per_message} ms/message` +
        (r.broadcast_per_s !== undefined ? `, broadcast ${r.broadcast_per_s}/s meanwhile` : '') +
        (r.replies_per_s !== undefined
          ? `, replies ${r.replies_per_s}/s, ${r.rate_limited_429} × 429 (${r.replies_429} on replies)`
          : ''),
    );
  for (const mode of modes) {
    const bare = await runBare(mode);
    show(bare);
    runs.push(bare);
    for (const db of dbs)
      for (const load of loads) {
        const r = await runProduct(db, mode, load);
        show(r);
        runs.push(r);
      }
  }
  const ours = runs.filter((r) => r.bot === 'relais');
  const worst = ours.reduce((a, b) => (b.p95_ms > a.p95_ms ? b : a), ours[0]!);
  const { users, messages, p50_ms, p95_ms, p99_ms, rss_mb } = worst;
  // Every run counts, the bare bot's included: a figure taken with errors is no figure.
  const errors = runs.reduce((n, r) => n + r.errors, 0);
  console.log(JSON.stringify({ users, messages, p50_ms, p95_ms, p99_ms, errors, rss_mb, runs }));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
