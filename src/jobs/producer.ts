import type { ConnectionOptions, Job, JobsOptions, Queue } from 'bullmq';
import { openQueue } from './redis.js';

/** How a feature's jobs are retried: `attempts` tries, waiting `delayMs` then doubling. */
export interface Retry {
  attempts: number;
  delayMs: number;
}

/**
 * The base of the features' queue producers (what flows and desks schedule; the workers sit beside them).
 * It opens the queue under the deployment's prefix, retries failed jobs with exponential backoff, keeps a
 * thousand finished jobs to look at (five thousand failed ones), and adds jobs under deterministic ids.
 */
export abstract class FeatureJobs<J extends { type: string }> {
  readonly queue: Queue<J>;

  protected constructor(name: string, connection: ConnectionOptions, prefix: string, retry: Retry) {
    this.queue = openQueue<J>(name, {
      connection,
      prefix,
      defaultJobOptions: {
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.delayMs },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    });
  }

  /**
   * Adds a job named after its type under `jobId`: BullMQ ignores a second job with an id it already holds,
   * so a retried flow or a rebuild from the database never doubles a message.
   */
  protected add(data: J, jobId: string, opts: Omit<JobsOptions, 'jobId'> = {}): Promise<Job<J>> {
    // BullMQ's typings cannot resolve a job name type from a generic data type; the name is the job's type.
    const queue = this.queue as unknown as Queue<{ type: string }, unknown, string>;
    return queue.add(data.type, data, { ...opts, jobId }) as Promise<Job<J>>;
  }

  close() {
    return this.queue.close();
  }
}
