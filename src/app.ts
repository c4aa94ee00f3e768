import { dirname } from 'node:path';
import type { Config } from './config.js';
import type { AppContext } from './features/context.js';
import { createLogger, type Logger } from './logger.js';
import { flushErasure, openDatabase } from './storage/database.js';
import { type ProvidedRedis, provideRedis } from './jobs/embeddedRedis.js';
import { tightenPrivateFolder } from './storage/privateFiles.js';
import { checkRedisSettings, connectRedis, throttledErrorLog } from './jobs/redis.js';
import { PeopleDirectory } from './storage/people.js';
import { AuditLog } from './storage/auditLog.js';
import { FlowStateStore } from './storage/flowStates.js';
import { SupportNetwork } from './features/network/supportNetwork.js';
import { FlowEngine } from './flows/engine.js';
import { KnowledgeStore } from './storage/knowledgeStore.js';
import { createKnowledgeBase } from './knowledge/index.js';
import { HeatAlerts } from './features/heat-alerts/heatAlerts.js';
import { Checkins } from './features/heat-alerts/checkins.js';
import { VisitLog } from './features/heat-alerts/visitLog.js';
import { MairieRegistry } from './features/network/registry.js';
import { QuestionInbox } from './features/faq/questionInbox.js';
import { VolunteerMatching } from './features/network/volunteerMatching.js';
import { EcoManagers } from './domain/ecoManagers.js';
import { reportUncovered } from './features/network/coverage.js';
import { DeliveryQueue } from './jobs/deliveries.js';
import { AlertJobs } from './features/heat-alerts/queue.js';
import { RenovationMeetings } from './features/meetings/renovationMeetings.js';
import { SobrietyTips } from './features/tips/sobrietyTips.js';
import { MeetingJobs } from './features/meetings/queue.js';
import { TipJobs } from './features/tips/queue.js';
import { systemClock } from './clock.js';
import { Metrics } from './ops/metrics.js';
import { PlatformBudget } from './jobs/platformBudget.js';
import { telegramUsername } from './bots/telegram/botIdentity.js';
import { registerLocales } from './i18n/translator.js';
import { combineExtras, NO_EXTRAS } from './domain/heatAlertExtras.js';
import {
  FEATURE_FLOWS,
  FEATURE_JOB_PARTS,
  FEATURE_LOCALES,
  FEATURE_MIGRATIONS,
  FEATURE_MODULES,
} from './features/index.js';

export interface BuildOptions {
  logger?: Logger;
  /** Node's own figures (heap, event loop lag) in /metrics: once per process, so only main asks for them. */
  processMetrics?: boolean;
  now?: () => Date;
  /** Told of every database statement (tests count the work per update). */
  onQuery?: (sql: string) => void;
}

/** Connects to the database and Redis and wires the domain; `close` releases both. */
export async function buildContext(
  config: Config,
  opts: BuildOptions = {},
): Promise<AppContext & { close: () => Promise<void> }> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const now = opts.now ?? systemClock;
  tightenDataFolders(config, logger);
  // What the features declare, handed to the shared layers: their texts, their tables.
  registerLocales(FEATURE_LOCALES);
  const db = await openDatabase(config.database, {
    onQuery: opts.onQuery,
    note: (fields, message) => logger.info(fields, message),
    features: FEATURE_MIGRATIONS,
  });
  let redis: Awaited<ReturnType<typeof connectRedis>>;
  let redisHost: ProvidedRedis | undefined;
  try {
    // A Redis Cluster is always an operator's own; otherwise REDIS_URL, the local one, or a private one.
    redisHost = config.redis.cluster ? undefined : await provideRedis(config.redis);
    if (redisHost?.origin === 'own') logger.info({ dir: config.redis.embeddedDir }, 'started a private redis-server');
    redis = await connectRedis({ ...config.redis, url: redisHost?.url });
  } catch (err) {
    await redisHost?.stop();
    await db.destroy();
    throw err;
  }
  redis.removeAllListeners('error');
  redis.on(
    'error',
    throttledErrorLog((count, err) =>
      logger.error({ code: (err as NodeJS.ErrnoException).code ?? 'REDIS_ERROR', count }, 'redis connection error'),
    ),
  );
  redis.on('ready', () => logger.info('redis connection ready'));
  await checkRedisSettings(redis, logger);
  const people = new PeopleDirectory(db, now, () => flushErasure(db, config.database.kind));
  const audit = new AuditLog(db, now);
  const matching = new VolunteerMatching(db, now);
  const network = new SupportNetwork(db, people, audit, matching, now, config.dataKey);
  const alerts = new HeatAlerts(db, audit, now);
  const queues = {
    deliveries: new DeliveryQueue(redis, config.redis.prefix, db, now),
    alerts: new AlertJobs(redis, config.redis.prefix),
    meetings: new MeetingJobs(redis, config.redis.prefix, now),
    tips: new TipJobs(redis, config.redis.prefix),
  };
  const meetings = new RenovationMeetings(db, audit, alerts, now, config.database.kind);
  const tips = new SobrietyTips(db, audit, now);
  const checkins = new Checkins(db, now);
  const visits = new VisitLog(db, now);
  const registry = new MairieRegistry(db, now);
  const inbox = new QuestionInbox(db, now);
  const ecoManagers = new EcoManagers(config.ecoManagers);
  // A person supported left without any volunteer: the quartier's eco-managers are told at once.
  network.onUncovered(reportUncovered({ config, ecoManagers, now, people, queues }));
  const flows = new FlowEngine(new FlowStateStore(db), { ttlMs: config.flowTtlMs, now });
  const knowledge = createKnowledgeBase(new KnowledgeStore(db, now), config, logger);
  const ctx: AppContext & { close: () => Promise<void> } = {
    config,
    knowledge,
    alerts,
    checkins,
    visits,
    registry,
    inbox,
    matching,
    ecoManagers,
    meetings,
    tips,
    queues,
    logger,
    metrics: new Metrics({ processMetrics: opts.processMetrics }),
    telegramBotUsername: telegramUsername(config),
    budget: new PlatformBudget(redis, config.redis.prefix, {
      telegram: config.delivery.telegramPaidBroadcast ? undefined : config.delivery.telegramPerSecond,
      slack: config.delivery.slackPerSecond,
    }),
    db,
    redis,
    now,
    people,
    audit,
    network,
    flows,
    heatAlertExtras: NO_EXTRAS,
    featureJobParts: [],
    async close() {
      await queues.deliveries.close();
      await queues.alerts.close();
      await queues.meetings.close();
      await queues.tips.close();
      await redis.quit().catch(() => redis.disconnect());
      await db.destroy();
      await redisHost?.stop();
    },
  };
  // Every feature's flows, run by the one engine; each reaches what it needs through what its feature gives it.
  for (const flowsOf of FEATURE_FLOWS) flows.register(flowsOf(ctx));
  // Features adding lines to the heat-alert messages (cool places near the person), connected here.
  ctx.heatAlertExtras = combineExtras(
    FEATURE_MODULES.flatMap((m) => (m.heatAlertExtras ? [m.heatAlertExtras(ctx)] : [])),
    (err) => logger.warn({ err, code: 'HEAT_ALERT_EXTRAS' }, 'a feature could not add its lines'),
  );
  // What the features hand the jobs layer (rebuild, purge, delivery hooks, texts, workers), connected here.
  ctx.featureJobParts = FEATURE_JOB_PARTS.map((parts) => parts(ctx));
  return ctx;
}

/**
 * At each start, the SQLite folder and the private Redis's folder become their owner's only (a `data/` made by an
 * older version, a copy or an archive may be readable by every local user); a warning says it had to.
 */
function tightenDataFolders(config: Config, logger: Logger): void {
  const folders = [
    ...(config.database.kind === 'sqlite' && config.database.path !== ':memory:'
      ? [dirname(config.database.path)]
      : []),
    ...(config.redis.url || config.redis.cluster ? [] : [config.redis.embeddedDir]),
  ];
  for (const folder of folders) {
    const tightened = tightenPrivateFolder(folder);
    if (tightened.length)
      logger.warn({ folder, count: tightened.length }, 'data files were readable by other local users: now 0600/0700');
  }
}
