import { isPostgres } from '../storage/together.js';
import { openQueue, type RedisClient } from './redis.js';
import type { Queue } from 'bullmq';
import { CompiledQuery } from 'kysely';
import { z } from 'zod';
import type { Db } from '../storage/database.js';
import type { Logger } from '../logger.js';
import type { Channel, DeliveryStatus } from '../channel.js';

/** One queue per channel, so each has its own rate limit (Telegram ~30/s, Slack ~1/s per channel). */
export const deliveryQueueName = (channel: Channel) => `deliveries-${channel}`;

export const DELIVERY_KINDS = [
  'alert',
  'checkin',
  'checkin-reminder',
  'escalation',
  'escalation-manager',
  'closing',
  'meeting-invite',
  'meeting-reminder',
  'meeting-moved',
  'meeting-cancelled',
  'meeting-promoted',
  'meeting-followup',
  'tip',
  'link-notice',
  'vigilance-draft',
  'approval-request',
  'approval-result',
  'visit-report',
  'faq-answer',
  'coverage-hole',
] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** The job payload: ids only, never personal data. */
export const DeliveryPayload = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]+$/),
  kind: z.enum(DELIVERY_KINDS),
  ref: z.string(),
});
export type DeliveryPayload = z.infer<typeof DeliveryPayload>;

export interface DeliveryRequest extends DeliveryPayload {
  personId: string;
  channel: Channel;
  alertId?: string;
  /** Put at the head of its queue (before a broadcast in progress). */
  urgent?: boolean;
}

const ATTEMPTS = 5;
const DELIVERY_COLUMNS = [
  'key',
  'alert_id',
  'person_id',
  'kind',
  'channel',
  'status',
  'attempts',
  'error',
  'created_at',
  'sent_at',
  'ref',
]
  .map((c) => `"${c}"`)
  .join(', ');
const SQLITE_ROW = `(${Array.from({ length: 11 }, () => '?').join(', ')})`;
const PG_INSERT = `insert into "deliveries" (${DELIVERY_COLUMNS})
  select u.key, u.alert_id, u.person_id, u.kind, u.channel, $8::text, 0, u.error, $9::text, null, u.ref
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
    as u(key, alert_id, person_id, kind, channel, error, ref)
  on conflict ("key") do nothing`;
/** Rows written and jobs added per step of an enqueue. */
const ENQUEUE_CHUNK = 1000;
/** Chunks of jobs sent to Redis and not answered yet, at most. */
const CHUNKS_IN_FLIGHT = 2;
const JOB_OPTIONS = {
  attempts: ATTEMPTS,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: 5000,
} as const;

/**
 * Producer. The `deliveries` row is the source of truth (one row per key, i.e. per message and person):
 * a job re-run after a crash finds the row already `sent` and does nothing, so nothing is doubled but
 * what was in flight at the kill.
 */
export class DeliveryQueue {
  private readonly queues = new Map<string, Queue<DeliveryPayload>>();

  constructor(
    private readonly connection: RedisClient,
    private readonly prefix: string,
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  queue(channel: Channel): Queue<DeliveryPayload> {
    let q = this.queues.get(channel);
    if (!q) {
      q = openQueue<DeliveryPayload>(deliveryQueueName(channel), { connection: this.connection, prefix: this.prefix });
      this.queues.set(channel, q);
    }
    return q;
  }

  /**
   * Rows first, then their jobs (a job never exists without its row), a thousand at a time: a chunk's jobs go to
   * Redis while the next chunk's rows are written, and the next chunk's jobs are sent before Redis finished the
   * previous ones (two chunks in flight), so Redis never waits for this process between two chunks: a 100k
   * broadcast costs about Redis's part alone. A crash in between leaves pending rows without a job, which recovery
   * queues again.
   */
  async enqueue(requests: DeliveryRequest[]): Promise<void> {
    const byChannel = new Map<Channel, DeliveryRequest[]>();
    for (const r of requests) {
      const list = byChannel.get(r.channel);
      if (list) list.push(r);
      else byChannel.set(r.channel, [r]);
    }
    const queued: Promise<unknown>[] = [];
    try {
      for (const [channel, list] of byChannel) {
        for (let i = 0; i < list.length; i += ENQUEUE_CHUNK) {
          const chunk = list.slice(i, i + ENQUEUE_CHUNK);
          await this.insertRows(chunk, 'pending', null);
          if (queued.length >= CHUNKS_IN_FLIGHT) await queued.shift();
          const adding = this.queue(channel).addBulk(
            chunk.map((r) => ({
              name: r.kind,
              data: { key: r.key, kind: r.kind, ref: r.ref },
              opts: { jobId: r.key, ...JOB_OPTIONS, ...(r.urgent ? { lifo: true } : {}) },
            })),
          );
          // Handled here so a failure while the next rows are written is not an unhandled rejection; still
          // thrown by the await above or below.
          adding.catch(() => {});
          queued.push(adding);
        }
      }
    } finally {
      await Promise.all(queued);
    }
  }

  /**
   * Re-queues the messages the database still holds as pending on these channels and that no job carries any
   * more (Redis lost its data). A job that exists is left alone; one re-added for a row sent meanwhile is
   * skipped by the worker, which reads the row first. Returns how many jobs were re-created.
   */
  async requeuePending(channels: Channel[]): Promise<number> {
    if (!channels.length) return 0;
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['key', 'kind', 'ref', 'channel'])
      .where('status', '=', 'pending')
      .where('channel', 'in', channels)
      .where('ref', 'is not', null)
      .execute();
    let rebuilt = 0;
    for (const channel of channels) {
      const queue = this.queue(channel);
      const ofChannel = rows.filter((r) => r.channel === channel);
      for (let i = 0; i < ofChannel.length; i += 1000) {
        const batch = ofChannel.slice(i, i + 1000);
        // One round trip per thousand rows (a worker starting during a 100k broadcast checks them all): the
        // job's hash exists or not; its keys share the queue's hash tag, so a Cluster takes the pipeline too.
        const pipeline = this.connection.pipeline();
        for (const r of batch) pipeline.exists(queue.toKey(r.key));
        const exists = (await pipeline.exec()) ?? [];
        const missing = batch.flatMap((r, k) => {
          const [err, found] = exists[k] ?? [null, 0];
          if (err || found) return [];
          const data = DeliveryPayload.safeParse({ key: r.key, kind: r.kind, ref: r.ref });
          return data.success ? [{ name: r.kind, data: data.data, opts: { jobId: r.key, ...JOB_OPTIONS } }] : [];
        });
        // A job added meanwhile by its producer keeps its id: addBulk leaves an existing job as it is.
        if (missing.length) await queue.addBulk(missing);
        rebuilt += missing.length;
      }
    }
    return rebuilt;
  }

  /** Messages for a channel no worker can send on (not configured): recorded as failed, so reports finish. */
  async recordUnserved(requests: DeliveryRequest[]): Promise<void> {
    await this.insertRows(requests, 'failed', (r) => `channel ${r.channel} is not configured`);
  }

  /**
   * One row per key; an existing row (a re-run) is left as it is. Plain statements, not the query builder's:
   * building a 500-row insert cost more than running it (100k rows in a broadcast). PostgreSQL takes the rows as
   * arrays in one statement of a fixed text (prepared once per connection), SQLite as 500-row inserts.
   */
  private async insertRows(
    requests: DeliveryRequest[],
    status: DeliveryStatus,
    error: ((r: DeliveryRequest) => string) | null,
  ): Promise<void> {
    if (!requests.length) return;
    const at = this.now().toISOString();
    if (isPostgres(this.db)) {
      const column = (of: (r: DeliveryRequest) => string | null) => requests.map(of);
      await this.db.executeQuery(
        CompiledQuery.raw(PG_INSERT, [
          column((r) => r.key),
          column((r) => r.alertId ?? null),
          column((r) => r.personId),
          column((r) => r.kind),
          column((r) => r.channel),
          column((r) => error?.(r) ?? null),
          column((r) => r.ref),
          status,
          at,
        ]),
      );
      return;
    }
    for (let i = 0; i < requests.length; i += 500) {
      const values: unknown[] = [];
      for (const r of requests.slice(i, i + 500)) {
        values.push(r.key, r.alertId ?? null, r.personId, r.kind, r.channel, status, 0, error?.(r) ?? null);
        values.push(at, null, r.ref);
      }
      const rows = Array.from({ length: values.length / 11 }, () => SQLITE_ROW).join(', ');
      await this.db.executeQuery(
        CompiledQuery.raw(
          `insert into "deliveries" (${DELIVERY_COLUMNS}) values ${rows} on conflict ("key") do nothing`,
          values,
        ),
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** Queues what this deployment can send; what it cannot (a channel without sender) is recorded as failed at once. */
export function deliveryRouter(
  queue: DeliveryQueue,
  senders: Partial<Record<string, unknown>>,
  logger: Logger,
): (requests: DeliveryRequest[]) => Promise<void> {
  return async (requests) => {
    await queue.enqueue(requests.filter((r) => senders[r.channel]));
    const unserved = requests.filter((r) => !senders[r.channel]);
    if (unserved.length) {
      logger.warn(
        { count: unserved.length, channels: [...new Set(unserved.map((r) => r.channel))] },
        'messages for channels without a sender',
      );
      await queue.recordUnserved(unserved);
    }
  };
}
