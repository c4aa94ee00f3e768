import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Every benchmark run as `npm run bench:*` runs it, at a tiny size: a changed flow, message or API breaks this
 * test rather than the figures. The chat one requires 0 errors and every person through the signup (its
 * person answers by meaning: a question it cannot answer is an error quoting it).
 */
async function bench(script: string, args: string[]): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{'))
    throw new Error(`${script} exited ${code}: ${out.slice(-1500)} ${err.slice(-1500)}`);
  if (err.includes('failure:')) throw new Error(`${script}: ${err.slice(-1500)}`);
  return JSON.parse(last) as Record<string, unknown>;
}

interface ChatRun {
  bot: string;
  db: string;
  mode: string;
  load: string;
  messages: number;
  errors: number;
  joined: number;
  p95_ms: number;
  failures?: string[];
  broadcast_per_s?: number;
}

describe('benchmarks, smoke-sized', { timeout: 180_000 }, () => {
  it('bench:chat — people join by meaning and chat with 0 errors, bare bot included, by polling on SQLite', async () => {
    const result = await bench('bench/chat.ts', [
      ...['--users', '3', '--messages', '14', '--db', 'sqlite', '--mode', 'polling', '--load', 'idle'],
    ]);
    const runs = result.runs as ChatRun[];
    expect(runs.map((r) => `${r.bot} ${r.db} ${r.mode} ${r.load}`)).toEqual([
      'bare - polling idle',
      'relais sqlite polling idle',
    ]);
    for (const run of runs) {
      expect(run.failures ?? [], `${run.bot} ${run.db}`).toEqual([]);
      expect(run.errors).toBe(0);
      expect(run.messages).toBe(42);
      expect(run.p95_ms).toBeGreaterThan(0);
    }
    expect(runs.find((r) => r.bot === 'relais')!.joined).toBe(3);
    expect(result.errors).toBe(0);
  });

  it('bench:chat — by webhook on PostgreSQL during a broadcast: 0 errors, everyone joined, the broadcast moving', async () => {
    const result = await bench('bench/chat.ts', [
      ...['--users', '3', '--messages', '12', '--recipients', '40'],
      ...['--db', 'postgres', '--mode', 'webhook', '--load', 'broadcast'],
    ]);
    const runs = result.runs as ChatRun[];
    const ours = runs.find((r) => r.bot === 'relais')!;
    expect(runs.map((r) => r.failures ?? [])).toEqual([[], []]);
    expect(runs.map((r) => r.errors)).toEqual([0, 0]);
    expect(ours.joined).toBe(3);
    expect(ours.broadcast_per_s).toBeGreaterThan(0);
  });

  it('bench:alerts — every delivery once, beside the bare BullMQ figures', async () => {
    const r = await bench('bench/alerts.ts', ['--recipients', '200', '--limited-seconds', '0']);
    expect(r).toMatchObject({ recipients: 200, duplicates: 0 });
    for (const figure of ['enqueue_s', 'bare_enqueue_s', 'delivered_per_s', 'bare_delivered_per_s'])
      expect(r[figure], figure).toBeGreaterThan(0);
  });

  it('bench:meetings — registrations, reminders and a move with no stale reminder', async () => {
    const r = await bench('bench/meetings.ts', ['--meetings', '4', '--registrations', '30', '--big', '10']);
    expect(r).toMatchObject({ meetings: 4, registrations: 30, move_people: 10, stale_reminders_left: 0 });
    expect(r.rescheduled_reminders).toBeGreaterThan(0);
    expect(r.move_ms).toBeGreaterThan(0);
  });

  it('bench:faq — the corpus ingested and every question answered once', async () => {
    const r = await bench('bench/faq.ts', ['--min-chunks', '1', '--rounds', '1']);
    expect(r.chunks).toBeGreaterThan(0);
    expect(r.queries).toBeGreaterThan(0);
    expect(r.answer_p95_ms).toBeGreaterThan(0);
  });
});
