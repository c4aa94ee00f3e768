import type { RedisClient } from './jobs/redis.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Db } from './storage/database.js';
import type { PeopleDirectory } from './storage/people.js';
import type { AuditLog } from './storage/auditLog.js';
import type { SupportNetwork } from './features/network/supportNetwork.js';
import type { FlowEngine } from './flows/engine.js';
import type { KnowledgeBase } from './knowledge/knowledgeBase.js';
import type { HeatAlerts } from './features/heat-alerts/heatAlerts.js';
import type { Checkins } from './features/heat-alerts/checkins.js';
import type { VisitLog } from './features/heat-alerts/visitLog.js';
import type { MairieRegistry } from './features/network/registry.js';
import type { QuestionInbox } from './features/faq/questionInbox.js';
import type { VolunteerMatching } from './features/network/volunteerMatching.js';
import type { EcoManagers } from './domain/ecoManagers.js';
import type { DeliveryQueue } from './jobs/deliveries.js';
import type { AlertJobs } from './features/heat-alerts/queue.js';
import type { RenovationMeetings } from './features/meetings/renovationMeetings.js';
import type { SobrietyTips } from './features/tips/sobrietyTips.js';
import type { MeetingJobs } from './features/meetings/queue.js';
import type { TipJobs } from './features/tips/queue.js';
import type { Metrics } from './ops/metrics.js';
import type { PlatformBudget } from './jobs/platformBudget.js';
import type { HeatAlertExtras } from './domain/heatAlertExtras.js';
import type { FeatureJobParts } from './jobs/featureParts.js';

/** Everything the core needs, built once in main and passed explicitly (no hidden singletons). */
export interface AppContext {
  config: Config;
  logger: Logger;
  db: Db;
  redis: RedisClient;
  now: () => Date;
  people: PeopleDirectory;
  audit: AuditLog;
  network: SupportNetwork;
  flows: FlowEngine;
  knowledge: KnowledgeBase;
  alerts: HeatAlerts;
  checkins: Checkins;
  visits: VisitLog;
  registry: MairieRegistry;
  inbox: QuestionInbox;
  matching: VolunteerMatching;
  ecoManagers: EcoManagers;
  meetings: RenovationMeetings;
  tips: SobrietyTips;
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
  /** Producers (the workers are started by main for the worker role). */
  queues: { deliveries: DeliveryQueue; alerts: AlertJobs; meetings: MeetingJobs; tips: TipJobs };
}
