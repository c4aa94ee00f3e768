import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Channel, DeliveryStatus } from '../channel.js';

/** What a queue tells about itself; BullMQ's Queue has it. */
export interface CountableQueue {
  name: string;
  getJobCounts: (...types: ('waiting' | 'active' | 'delayed' | 'failed')[]) => Promise<Record<string, number>>;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The process's Prometheus figures (prom-client), one registry per process (no global one: tests build several
 * apps in one process). Labels are ids and codes, never anything a person wrote.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly updates = new Counter({
    name: 'relais_updates_handled_total',
    help: 'Messages, commands and button presses handled, by channel and kind',
    labelNames: ['channel', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly replySeconds = new Histogram({
    name: 'relais_reply_seconds',
    help: 'Time from an update reaching the core to its replies being ready',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'relais_deliveries_total',
    help: 'Proactive messages settled (alerts, check-ins, reminders, tips), by channel and status',
    labelNames: ['channel', 'status'] as const,
    registers: [this.registry],
  });
  private readonly throttled = new Counter({
    name: 'relais_platform_rate_limited_total',
    help: 'Answers 429 (retry_after) from a platform, by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  private readonly faq = new Counter({
    name: 'relais_faq_questions_total',
    help: 'Questions to the FAQ, answered or abstained on',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly rebuilt = new Counter({
    name: 'relais_jobs_rebuilt_total',
    help: 'Jobs put back from the database after Redis lost them, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private queues: CountableQueue[] = [];

  constructor(opts: { processMetrics?: boolean } = {}) {
    const metrics = this;
    // Read from Redis at each scrape: depths are the queues' own, shared by every process.
    new Gauge({
      name: 'relais_queue_jobs',
      help: 'Jobs in each BullMQ queue by state, read from Redis when scraped',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of metrics.queues) {
          const counts = await queue.getJobCounts(...QUEUE_STATES).catch(() => undefined);
          for (const state of QUEUE_STATES) if (counts) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'relais_' });
  }

  /** The queues whose depths /metrics reports. */
  watchQueues(queues: CountableQueue[]): void {
    this.queues = queues;
  }

  updateHandled(channel: Channel, kind: string, seconds: number): void {
    this.updates.inc({ channel, kind });
    this.replySeconds.observe({ channel }, seconds);
  }

  delivery(channel: Channel, status: DeliveryStatus): void {
    this.deliveries.inc({ channel, status });
  }

  rateLimited(channel: Channel): void {
    this.throttled.inc({ channel });
  }

  faqQuestion(abstained: boolean): void {
    this.faq.inc({ outcome: abstained ? 'abstained' : 'answered' });
  }

  jobsRebuilt(report: Record<string, number>): void {
    for (const [kind, count] of Object.entries(report)) if (count) this.rebuilt.inc({ kind }, count);
  }
}
