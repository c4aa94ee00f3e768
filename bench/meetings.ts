/**
 * Meetings benchmark (npm run bench:meetings): 10,000 registrations across 200 meetings (one of them with
 * 500 people), on SQLite (or DATABASE_URL) and the local Redis.
 *  1. time to register everyone and schedule every reminder;
 *  2. time to move the 500-person meeting (database, reminders unscheduled and rescheduled, notice job queued)
 *     — the goal is under 1 s — and until all 500 "moved" notices are queued for delivery by the worker.
 * Prints figures, then one JSON line.   Options: --meetings N --registrations N --big N
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { buildContext } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { createMeetingWorker } from '../src/features/meetings/worker.js';
import { moveMeeting } from '../src/features/meetings/meetingFlows.js';
import { seedNetwork } from '../tests/support/network.js';

const { values } = parseArgs({
  options: {
    meetings: { type: 'string', default: '200' },
    registrations: { type: 'string', default: '10000' },
    big: { type: 'string', default: '500' },
  },
});
const MEETINGS = Number(values.meetings);
const REGISTRATIONS = Number(values.registrations);
const BIG = Number(values.big);
const dir = mkdtempSync(join(tmpdir(), 'relais-bench-meetings-'));
const prefix = `relais-bench-${Date.now().toString(36)}`;
const r2 = (x: number) => Math.round(x * 100) / 100;
const DAY = 86_400_000;

async function main() {
  const config = loadConfig({
    ...process.env,
    SQLITE_PATH: join(dir, 'bench.sqlite'),
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  const ctx = await buildContext(config, { logger: createLogger('warn') });
  const worker = createMeetingWorker({
    ctx,
    senders: { telegram: { send: async () => ({ messageId: '1' }), edit: async () => {} } },
    connection: ctx.redis,
  });
  try {
    // Setup (not timed): the people, and the meetings over the next weeks.
    const people = await seedNetwork(ctx.db, REGISTRATIONS, {
      firstChatId: 1_000_000,
      quartiers: ['ilot-13', 'rosa-parks', 'bas-belleville'],
      roles: ['supported', 'volunteer'],
    });
    const creator = await ctx.people.findOrCreate('telegram', 'bench-manager', 'bench-manager', 'fr');
    const meetings = [];
    for (let i = 0; i < MEETINGS; i++) {
      const startsAt = new Date(Date.now() + (3 + (i % 60)) * DAY + (i % 10) * 3600_000);
      meetings.push(
        await ctx.meetings.create(
          {
            kind: 'info',
            title: `Réunion ${i + 1}`,
            quartier: ['ilot-13', 'rosa-parks', 'bas-belleville'][i % 3]!,
            place: 'Salle',
            startsAt,
            endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
            capacity: null,
            invite: { audience: 'none' },
            reminders: config.meetingReminders,
          },
          creator.id,
        ),
      );
    }

    // 1. Registrations and reminders.
    const t0 = performance.now();
    let reminderJobs = 0;
    for (const m of meetings) reminderJobs += await ctx.queues.meetings.scheduleReminders(m);
    const tReminders = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < REGISTRATIONS; i++) {
      // The first BIG people go to meeting 0, the others spread over the rest.
      const meeting = i < BIG ? meetings[0]! : meetings[1 + ((i - BIG) % (MEETINGS - 1))]!;
      await ctx.meetings.register(meeting.id, people[i]!.personId);
    }
    const tRegister = performance.now() - t1;

    // 2. Moving the big meeting.
    const big = meetings[0]!;
    const newStart = new Date(big.startsAt.getTime() + DAY + 1800_000);
    const t2 = performance.now();
    await moveMeeting(
      { meetings: ctx.meetings, meetingJobs: ctx.queues.meetings },
      big.id,
      newStart,
      new Date(newStart.getTime() + 2 * 3600_000),
      creator.id,
    );
    const tMove = performance.now() - t2;
    const moved = (await ctx.meetings.get(big.id))!;
    const rescheduled = await ctx.queues.meetings.reminderJobs(moved);
    const stale = await ctx.queues.meetings.reminderJobs(big);
    let queued = 0;
    while (queued < BIG) {
      const row = await ctx.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('kind', '=', 'meeting-moved')
        .executeTakeFirstOrThrow();
      queued = Number(row.n);
      if (performance.now() - t2 > 60_000) throw new Error(`only ${queued} notices queued after 60 s`);
      if (queued < BIG) await new Promise((r) => setTimeout(r, 10));
    }
    const tNotices = performance.now() - t2;

    const result = {
      meetings: MEETINGS,
      registrations: REGISTRATIONS,
      reminder_jobs: reminderJobs,
      schedule_reminders_s: r2(tReminders / 1000),
      register_all_s: r2(tRegister / 1000),
      registrations_per_s: Math.round(REGISTRATIONS / (tRegister / 1000)),
      move_people: BIG,
      move_ms: r2(tMove),
      move_notices_queued_ms: r2(tNotices),
      rescheduled_reminders: rescheduled.length,
      stale_reminders_left: stale.length,
      database: config.database.kind,
    };
    console.log(
      `${MEETINGS} meetings, ${REGISTRATIONS} registrations (${BIG} on one meeting), ${config.database.kind}`,
    );
    console.log(
      `schedule every reminder:        ${result.schedule_reminders_s} s  ` +
        `(${reminderJobs} BullMQ delayed jobs: one per meeting and reminder)`,
    );
    console.log(
      `register everyone:              ${result.register_all_s} s  ` +
        `(${result.registrations_per_s}/s, one transaction each)`,
    );
    console.log(
      `move the ${BIG}-person meeting:     ${result.move_ms} ms  ` +
        `(goal < 1000 ms; ${rescheduled.length} reminders rescheduled, ${stale.length} stale left)`,
    );
    console.log(`… and its ${BIG} notices queued:     ${result.move_notices_queued_ms} ms`);
    console.log(JSON.stringify(result));
  } finally {
    await worker.close();
    await ctx.close();
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
