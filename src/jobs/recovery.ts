import type { Channel } from '../channel.js';
import type { RedisClient } from './redis.js';
import type { CoreContext } from '../context.js';
import { countAll } from './featureParts.js';

/**
 * What a rebuild found missing in Redis and put back, by kind: each feature's own ("checkinSchedulers",
 * "fanouts", "approvals", "endings", "deadlines", "meetingReminders", "tipSchedulers"…), then the deliveries.
 */
export type RebuildReport = Record<string, number> & { deliveries: number };

type RecoveryDeps = Pick<CoreContext, 'config' | 'logger' | 'now' | 'featureJobParts'> & {
  queues: Pick<CoreContext['queues'], 'deliveries'>;
} & Partial<Pick<CoreContext, 'metrics'>>;

/**
 * The database is the source of truth for everything that must happen; Redis only holds the jobs that
 * make it happen. This puts back every job that the database says is still due and that Redis no longer
 * holds — after Redis restarted empty, was flushed, or lost data — keeping each job's original due time (an
 * overdue one runs at once). Each feature rebuilds its own jobs (`FeatureJobParts.recover`), in the features'
 * order; then the messages recorded as pending. Idempotent: every job has a deterministic id, and an existing
 * one is left alone.
 */
export async function rebuildJobs(deps: RecoveryDeps, channels: Channel[]): Promise<RebuildReport> {
  const features = await countAll(deps.featureJobParts.map((part) => part.recover));
  // Messages recorded as pending whose job is gone.
  const deliveries = await deps.queues.deliveries.requeuePending(channels);
  return { ...features, deliveries };
}

export interface RecoveryWatch {
  /** Runs a rebuild now (also what the watch does by itself); concurrent calls share one run. */
  rebuild: (reason: string) => Promise<RebuildReport | undefined>;
  stop: () => void;
}

/**
 * Rebuilds at start, after every Redis reconnection, and whenever a sentinel key is found missing: a
 * FLUSHALL or a Redis restarted empty without this process noticing a disconnect.
 */
export function watchRedis(
  deps: RecoveryDeps & { redis: RedisClient },
  opts: { channels: Channel[]; checkEveryMs: number; alsoRebuild?: () => Promise<void> },
): RecoveryWatch {
  const { channels, checkEveryMs } = opts;
  const sentinel = `${deps.config.redis.prefix}:sentinel`;
  let running: Promise<RebuildReport | undefined> | undefined;
  let again = false;
  let stopped = false;

  const runOnce = async (reason: string): Promise<RebuildReport | undefined> => {
    try {
      await opts.alsoRebuild?.();
      const report = await rebuildJobs(deps, channels);
      await deps.redis.set(sentinel, String(deps.now().getTime()));
      deps.metrics?.jobsRebuilt({ ...report });
      const total = Object.values(report).reduce((a, b) => a + b, 0);
      if (total) deps.logger.warn({ reason, ...report }, 'jobs rebuilt from the database');
      else deps.logger.info({ reason }, 'jobs checked against the database: nothing missing');
      return report;
    } catch (err) {
      deps.logger.error({ err, reason }, 'could not rebuild jobs; will try again');
      return undefined;
    }
  };
  const rebuild = (reason: string): Promise<RebuildReport | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    if (running) {
      again = true;
      return running;
    }
    running = runOnce(reason).finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        void rebuild(`${reason} (again)`);
      }
    });
    return running;
  };

  let connectedOnce = deps.redis.status === 'ready';
  const onReady = () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    void rebuild('redis reconnected');
  };
  deps.redis.on('ready', onReady);
  const timer = setInterval(() => {
    if (deps.redis.status !== 'ready' || running) return;
    deps.redis.exists(sentinel).then(
      (n) => {
        if (n === 0) {
          deps.logger.warn({ code: 'REDIS_DATA_LOST' }, 'redis lost its data (sentinel key missing)');
          void rebuild('redis data lost');
        }
      },
      (err: unknown) => deps.logger.warn({ err }, 'sentinel check failed'),
    );
  }, checkEveryMs);
  timer.unref();
  return {
    rebuild,
    stop() {
      stopped = true;
      clearInterval(timer);
      deps.redis.off('ready', onReady);
    },
  };
}
