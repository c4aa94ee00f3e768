/**
 * Reply latency under load (npm run bench:chat). 200 people chat at once through a Telegram stand-in, each
 * sending 20 messages and waiting for each reply (signup with buttons, a question mid-flow, a wrong address,
 * /mesdonnees, FAQ questions), against the product started as `npm start` would (one process, bot and
 * workers) — by long polling and by webhook, on SQLite and on PostgreSQL, idle and during a 10,000-recipient
 * alert broadcast. A bare grammY bot answering "ok" (no database, no Redis) is measured in the same run.
 * Prints one line per run, then one JSON line: the worst run's figures and every run.
 *   Options: --users N --messages N --recipients N --db sqlite,postgres --mode polling,webhook
 *            --load idle,broadcast
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

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    messages: { type: 'string', default: '20' },
    recipients: { type: 'string', default: '10000' },
    db: { type: 'string', default: 'sqlite,postgres' },
    mode: { type: 'string', default: 'polling,webhook' },
    load: { type: 'string', default: 'idle,broadcast' },
  },
});
const USERS = Number(values.users);
const MESSAGES = Number(values.messages);
const RECIPIENTS = Number(values.recipients);
const REPLY_TIMEOUT_MS = 15_000;
type Mode = 'polling' | 'webhook';
type Load = 'idle' | 'broadcast';

type Step = { send: string; expect: RegExp } | { press: RegExp; expect: RegExp };
/** One person's conversation; longer runs loop over the last part (questions and /mesdonnees). */
const SCRIPT: Step[] = [
  { send: '/start', expect: /Dans quel quartier/ },
  { press: /Rosa Parks/, expect: /participer/ },
  { send: "c'est quoi un DTG ?", expect: /./ },
  { press: /voisin·e volontaire/, expect: /adresse de votre immeuble/ },
  { send: "pas d'adresse", expect: /ne ressemble pas à une adresse/ },
  { send: '20 rue Émile Bollaert', expect: /joindre/ },
  { press: /cette conversation/, expect: /disponible/ },
  { press: /week-end/, expect: /Plusieurs réponses possibles/ },
  { press: /Valider/, expect: /qu'on vous appelle/ },
  { press: /Passer/, expect: /votre accord/ },
  { press: /Oui/, expect: /Vérifions/ },
  { press: /Confirmer/, expect: /enregistré/ },
  { send: '/mesdonnees', expect: /tout ce que je garde/ },
  { send: "C'est quoi un DTG ?", expect: /D'après les documents|Je n'ai pas trouvé/ },
  { send: 'Combien gagne un éco-gestionnaire ?', expect: /Je n'ai pas trouvé|D'après/ },
  { send: '/aide', expect: /./ },
  { send: 'bonjour', expect: /./ },
  { send: '/agenda', expect: /./ },
  { send: '/mesdonnees', expect: /tout ce que je garde/ },
  { send: 'Quand a lieu la prochaine réunion ?', expect: /./ },
  { send: '/aide', expect: /./ },
  { send: '/mesdonnees', expect: /tout ce que je garde/ },
];
const stepAt = (i: number) => SCRIPT[i < SCRIPT.length ? i : 10 + ((i - 10) % (SCRIPT.length - 10))]!;

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
  /** Broadcast messages the stand-in received while people were chatting, per second. */
  broadcast_per_s?: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!) : 0;

function figures(
  run: Pick<RunResult, 'bot' | 'db' | 'mode' | 'load'>,
  latencies: number[],
  errors: number,
  pid: number | undefined,
): RunResult {
  const at = (p: number) => percentile(latencies, p);
  const [p50_ms, p95_ms, p99_ms] = [at(0.5), at(0.95), at(0.99)];
  return { ...run, users: USERS, messages: USERS * MESSAGES, p50_ms, p95_ms, p99_ms, errors, rss_mb: peakRssMb(pid) };
}

function peakRssMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Every person runs the script at the same time; each step waits for its reply. */
async function chat(standIn: Awaited<ReturnType<typeof startTelegramLoadStandIn>>, firstUserId: number, bare: boolean) {
  const latencies: number[] = [];
  const byStep: number[][] = Array.from({ length: MESSAGES }, () => []);
  let errors = 0;
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      const user = standIn.user(firstUserId + u);
      for (let i = 0; i < MESSAGES; i++) {
        const step = stepAt(i);
        const from = user.mark();
        const started = performance.now();
        if ('send' in step) user.send(step.send);
        else if (!user.press(bare ? /./ : step.press)) user.send('1'); // bare bot: no buttons, type instead
        try {
          const reply = await user.waitFor(from, bare ? /./ : step.expect, REPLY_TIMEOUT_MS);
          latencies.push(reply.at - started);
          byStep[i]!.push(reply.at - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  if (process.env.BENCH_STEPS)
    for (const [i, l] of byStep.entries()) {
      const sorted = l.sort((a, b) => a - b);
      const step = stepAt(i);
      console.log(`  step ${i} ${'send' in step ? step.send : step.press}: p50 ${percentile(sorted, 0.5)}`);
    }
  return { latencies: latencies.sort((a, b) => a - b), errors };
}

const FIRST_RECIPIENT = 5_000_000;
const broadcastSent = (standIn: Awaited<ReturnType<typeof startTelegramLoadStandIn>>) =>
  standIn.sentWhere((chatId) => Number(chatId) >= FIRST_RECIPIENT);

async function runProduct(db: DbKind, mode: Mode, load: Load): Promise<RunResult> {
  const standIn = await startTelegramLoadStandIn();
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
    if (load === 'broadcast') {
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
    if (load === 'broadcast') {
      const alert = await createAlert(ctx, ['ilot-13', 'rosa-parks', 'bas-belleville'], 'orange');
      await ctx.queues.alerts.fanout(alert.id);
      // People start chatting once the broadcast is under way (its first messages arrived).
      while (standIn.sent() < 20) await new Promise((r) => setTimeout(r, 50));
      sentAtStart = broadcastSent(standIn);
    }
    const started = performance.now();
    const { latencies, errors } = await chat(standIn, 1000, false);
    const seconds = (performance.now() - started) / 1000;
    const result = figures({ bot: 'relais', db, mode, load }, latencies, errors, product.pid);
    if (load === 'broadcast') {
      const deliveries = broadcastSent(standIn) - sentAtStart;
      result.broadcast_per_s = Math.round((deliveries / seconds) * 10) / 10;
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
    const { latencies, errors } = await chat(standIn, 1000, true);
    return figures({ bot: 'bare', db: '-', mode, load: 'idle' }, latencies, errors, child.pid);
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
        `p95 ${r.p95_ms} ms, p99 ${r.p99_ms} ms, errors ${r.errors}, rss ${r.rss_mb} MB` +
        (r.broadcast_per_s !== undefined ? `, broadcast ${r.broadcast_per_s}/s meanwhile` : ''),
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
  const errors = ours.reduce((n, r) => n + r.errors, 0);
  console.log(JSON.stringify({ users, messages, p50_ms, p95_ms, p99_ms, errors, rss_mb, runs }));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
