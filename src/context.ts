import type { RedisClient } from './jobs/redis.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Db } from './storage/database.js';
import type { PeopleDirectory } from './storage/people.js';
import type { AuditLog } from './storage/auditLog.js';
import type { FlowEngine } from './flows/engine.js';
import type { KnowledgeBase } from './knowledge/knowledgeBase.js';
import type { EcoManagers } from './domain/ecoManagers.js';
import type { DeliveryQueue } from './jobs/deliveries.js';
import type { Metrics } from './ops/metrics.js';
import type { PlatformBudget } from './jobs/platformBudget.js';
import type { HeatAlertExtras } from './domain/heatAlertExtras.js';
import type { FeatureJobParts } from './jobs/featureParts.js';

/**
 * What the shared layers may use, built once in src/app.ts and passed explicitly (no hidden singletons). It names
 * no feature: the features' own services are added by src/features/context.ts (AppContext), which only the
 * composition roots and the features see.
 */
export interface CoreContext {
  config: Config;
  logger: Logger;
  db: Db;
  redis: RedisClient;
  now: () => Date;
  people: PeopleDirectory;
  audit: AuditLog;
  flows: FlowEngine;
  knowledge: KnowledgeBase;
  ecoManagers: EcoManagers;
  /** Prometheus figures of this process (served by src/ops/opsServer.ts when OPS_PORT is set). */
  metrics: Metrics;
  /** Each platform's messages per second, shared by replies (first) and deliveries, across processes. */
  budget: PlatformBudget;
  /** Lines other features add to the heat-alert messages per person (connected in src/app.ts). */
  heatAlertExtras: HeatAlertExtras;
  /** The Telegram bot's @username (t.me links on posters), when there is a bot. */
  telegramBotUsername: () => Promise<string | undefined>;
  /**
   * The features' parts of the jobs layer (their queues, rebuild, purge, delivery hooks, texts and workers),
   * connected in src/app.ts from src/features/index.ts: the shared jobs read them, never a feature.
   */
  featureJobParts: FeatureJobParts[];
  /** The deliveries' producer (each feature's own producers are in its services). */
  queues: { deliveries: DeliveryQueue };
}
