import type { Metrics } from '../ops/metrics.js';
import type { DeliveryTurn, PlatformBudget } from './platformBudget.js';
import { errorCode } from '../logger.js';
import { logWorkerErrors, queuePrefix } from './redis.js';
import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { RedisClient } from './redis.js';
import type { Db } from '../storage/database.js';
import { preparedQuery } from '../storage/preparedQuery.js';
import type { Logger } from '../logger.js';
import type { PeopleDirectory } from '../storage/people.js';
import type { DeliveryPerson } from './featureParts.js';
import type { Reply } from '../core/messages.js';
import { RateLimited, RecipientUnreachable, type ChannelSender } from '../bots/outbound.js';
import { realTimeMs } from '../clock.js';
import type { Channel, DeliveryStatus } from '../channel.js';

export {
  DELIVERY_KINDS,
  type DeliveryKind,
  DeliveryPayload,
  DeliveryQueue,
  type DeliveryRequest,
  deliveryQueueName,
  deliveryRouter,
} from './deliveryQueue.js';
import { DeliveryPayload, deliveryQueueName } from './deliveryQueue.js';

export interface DeliveryWorkerDeps {
  db: Db;
  redis: RedisClient;
  people: PeopleDirectory;
  logger: Logger;
  now: () => Date;
  prefix: string;
  /** Turns a delivery into the person's message; undefined when it no longer needs sending (already answered…). */
  compose: (payload: DeliveryPayload, person: DeliveryPerson) => Promise<Reply | undefined>;
  /** Called once a delivery reached its final state (sent, failed, unreachable, cancelled). */
  settled?: (payload: DeliveryPayload, status: DeliveryStatus) => Promise<void>;
  /** Called when the platform says a person is gone for good (a volunteer's people then need someone else). */
  unreachable?: (personId: string) => Promise<void>;
  metrics?: Pick<Metrics, 'delivery' | 'rateLimited'>;
  /** Replies to people come first: a delivery waits while they spend the platform's budget. */
  budget?: Pick<PlatformBudget, 'turnForDelivery'>;
}

export interface DeliveryWorkerOptions {
  channel: Channel;
  sender: ChannelSender;
  connection: ConnectionOptions;
  concurrency: number;
  /** Messages per second for the whole channel (the bot's global limit). */
  perSecond: number;
  /** Minimum gap between two messages to the same chat. */
  chatIntervalMs: number;
  lockMs?: number;
}

/** A "sent" mark waits at most this long for others to share its UPDATE… */
const MARK_WAIT_MS = 2;
/** …or until this many are waiting: on SQLite a row costs several times less in a group of 16 than alone. */
const MARK_GROUP = 16;

/**
 * Group commit of "sent" marks: the deliveries finished within a couple of milliseconds, or while the previous
 * UPDATE ran, are recorded in one UPDATE. Each job still waits for its own mark to be committed before it
 * completes, so a crash never leaves a completed job with an unrecorded delivery. The wait is short: a mark
 * waiting holds its job's concurrency slot (5 ms was a quarter of a job's time with the limits lifted).
 */
class SentMarks {
  private waiting: { key: string; attempts: number; done: (err?: unknown) => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private writing = false;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  mark(key: string, attempts: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, attempts, done: (err) => (err ? reject(err) : resolve()) });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || !this.waiting.length || this.immediate) return;
    if (this.waiting.length >= MARK_GROUP) this.immediate = setImmediate(() => this.write());
    else this.timer ??= setTimeout(() => this.write(), MARK_WAIT_MS);
  }

  private write(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
    this.writing = true;
    void this.flush().finally(() => {
      this.writing = false;
      this.schedule();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    const byAttempts = new Map<number, typeof batch>();
    for (const w of batch) {
      const group = byAttempts.get(w.attempts);
      if (group) group.push(w);
      else byAttempts.set(w.attempts, [w]);
    }
    const at = this.now().toISOString();
    for (const [attempts, group] of byAttempts) {
      try {
        await this.db
          .updateTable('deliveries')
          .set({ status: 'sent', error: null, attempts, sent_at: at })
          .where(
            'key',
            'in',
            group.map((w) => w.key),
          )
          .execute();
        for (const w of group) w.done();
      } catch (err) {
        for (const w of group) w.done(err);
      }
    }
  }
}

/**
 * BullMQ's limiter counts per window; 30 per 1000 ms lets 60 through in one rolling second at a window
 * boundary, which Telegram answers with 429. Small windows (one message each below 100/s) keep any
 * rolling second at or under the limit.
 */
export function smoothLimiter(perSecond: number, budgeted = false): { max: number; duration: number } {
  // With the platform budget (exact, over a rolling second) the limiter only paces the fetching, a tenth faster
  // than the limit (30 ms for 30/s), so that the budget, not the limiter's rounding, sets the rate.
  if (perSecond <= 100) return { max: 1, duration: Math.ceil(1000 / (budgeted ? perSecond * 1.1 : perSecond)) };
  return { max: Math.max(1, Math.floor(perSecond / 20)), duration: 50 };
}

/** A wait for the platform's budget this short is waited out here: delaying the job costs it a limiter slot. */
const SHORT_WAIT_MS = 120;

const GO: DeliveryTurn = { wait: 0, sent: () => {} };

/** The budget's answer for this delivery, once short waits were waited out (wait 0: go now). */
async function budgetTurn(budget: DeliveryWorkerDeps['budget'], channel: Channel): Promise<DeliveryTurn> {
  if (!budget) return GO;
  let turn = await budget.turnForDelivery(channel);
  for (let tries = 0; turn.wait > 0 && turn.wait <= SHORT_WAIT_MS && tries < 5; tries++) {
    await new Promise((resolve) => setTimeout(resolve, turn.wait));
    turn = await budget.turnForDelivery(channel);
  }
  return turn;
}

/** Processor: sends one message, respecting the channel's limits, and records the outcome. */
export function createDeliveryWorker(deps: DeliveryWorkerDeps, opts: DeliveryWorkerOptions): Worker<DeliveryPayload> {
  const mark = async (key: string, status: DeliveryStatus, attempts: number, error: string | null = null) => {
    await deps.db
      .updateTable('deliveries')
      .set({ status, error, attempts, ...(status === 'sent' ? { sent_at: deps.now().toISOString() } : {}) })
      .where('key', '=', key)
      .execute();
  };
  // One query for the delivery, its person and where they live in the network (the hot path of a 100k broadcast),
  // built once.
  const deliveryWithPerson = preparedQuery(deps.db, (v: { key: string }) =>
    deps.db
      .selectFrom('deliveries')
      .leftJoin('people', 'people.id', 'deliveries.person_id')
      .leftJoin('network_members', 'network_members.person_id', 'deliveries.person_id')
      .select([
        'deliveries.status',
        'people.id as personId',
        'people.channel',
        'people.channel_user_id',
        'people.chat_id',
        'people.language',
        'people.unreachable_at',
        'network_members.quartier',
        'network_members.address',
      ])
      .where('deliveries.key', '=', v.key),
  );
  const sentMarks = new SentMarks(deps.db, deps.now);
  const attemptsOf = (job: Job<DeliveryPayload>) => job.attemptsMade + 1;
  const settle = async (payload: DeliveryPayload, status: DeliveryStatus, attempts = 1) => {
    if (status === 'sent') await sentMarks.mark(payload.key, attempts);
    else await mark(payload.key, status, attempts);
    deps.metrics?.delivery(opts.channel, status);
    await deps.settled?.(payload, status);
  };

  const worker: Worker<DeliveryPayload> = new Worker<DeliveryPayload>(
    deliveryQueueName(opts.channel),
    async (job: Job<DeliveryPayload>, token?: string) => {
      const payload = DeliveryPayload.parse(job.data);
      const [row] = (await deliveryWithPerson({ key: payload.key })).rows;
      if (row?.status !== 'pending') return 'skipped';
      if (!row.personId || !row.chat_id) return settle(payload, 'failed').then(() => 'person erased');
      const person: DeliveryPerson = {
        id: row.personId,
        channel: row.channel!,
        channelUserId: row.channel_user_id!,
        chatId: row.chat_id,
        language: (row.language ?? 'fr') as DeliveryPerson['language'],
        unreachableAt: row.unreachable_at ?? null,
        linkedTo: null,
        whereabouts: row.quartier ? { quartier: row.quartier, address: row.address ?? '' } : null,
      };
      if (person.unreachableAt) return settle(payload, 'unreachable').then(() => 'unreachable');

      if (opts.chatIntervalMs > 0) {
        const pace = `${deps.prefix}:pace:${opts.channel}:${person.chatId}`;
        const free = await deps.redis.set(pace, '1', 'PX', opts.chatIntervalMs, 'NX');
        if (!free) {
          const wait = Math.max(50, await deps.redis.pttl(pace));
          await job.moveToDelayed(realTimeMs() + wait, token);
          throw new DelayedError();
        }
      }
      const reply = await deps.compose(payload, person);
      if (!reply) return settle(payload, 'cancelled').then(() => 'cancelled');
      const turn = await budgetTurn(deps.budget, opts.channel);
      if (turn.wait) {
        await job.moveToDelayed(realTimeMs() + turn.wait, token);
        throw new DelayedError();
      }
      try {
        await opts.sender.send(person.chatId, reply).finally(turn.sent);
      } catch (err) {
        if (err instanceof RateLimited) {
          // The whole bot is over its limit: pause the queue for retry_after, and put this job back.
          deps.logger.warn({ channel: opts.channel, retryAfterMs: err.retryAfterMs }, 'rate limited by the platform');
          deps.metrics?.rateLimited(opts.channel);
          await worker.rateLimit(err.retryAfterMs);
          throw Worker.RateLimitError();
        }
        if (err instanceof RecipientUnreachable) {
          await deps.people.markUnreachable(person.id);
          await deps.unreachable?.(person.id);
          await settle(payload, 'unreachable', attemptsOf(job));
          return 'unreachable';
        }
        await mark(payload.key, 'pending', attemptsOf(job), String((err as Error).message ?? err));
        throw err;
      }
      await settle(payload, 'sent', attemptsOf(job));
      return 'sent';
    },
    {
      connection: opts.connection,
      prefix: queuePrefix(deps.prefix, deliveryQueueName(opts.channel)),
      concurrency: opts.concurrency,
      limiter: smoothLimiter(opts.perSecond, Boolean(deps.budget)),
      // A killed worker's job is taken over within lockMs: its lock lapses after half of it at most, and the
      // stalled-job check runs every quarter (lock and check both at lockMs made it up to twice that).
      ...(opts.lockMs ? { lockDuration: Math.ceil(opts.lockMs / 2), stalledInterval: Math.ceil(opts.lockMs / 4) } : {}),
    },
  );
  worker.on('failed', (job, err) => {
    if (!job || err instanceof DelayedError || err.name === 'RateLimitError') return;
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
      deps.logger.error({ code: errorCode(err), key: job.data.key, channel: opts.channel }, 'delivery failed for good');
      void settle(job.data, 'failed', job.attemptsMade).catch((e) =>
        deps.logger.error({ code: errorCode(e) }, 'could not record failed delivery'),
      );
    }
  });
  logWorkerErrors(worker, deps.logger, `deliveries-${opts.channel}`);
  return worker;
}
