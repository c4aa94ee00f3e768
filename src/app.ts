import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { createLogger, type Logger } from './logger.js';
import { openDatabase, type OpenOptions } from './storage/database.js';
import { connectRedis } from './jobs/redis.js';
import { PeopleDirectory } from './storage/people.js';
import { AuditLog } from './storage/auditLog.js';
import { FlowStateStore } from './storage/flowStates.js';
import { SupportNetwork } from './domain/supportNetwork.js';
import { FlowEngine } from './flows/engine.js';
import { ALL_FLOWS } from './flows/index.js';
import { KnowledgeStore } from './storage/knowledgeStore.js';
import { createKnowledgeBase } from './knowledge/index.js';

export interface BuildOptions {
  logger?: Logger;
  now?: () => Date;
  db?: OpenOptions;
}

/** Connects to the database and Redis and wires the domain; `close` releases both. */
export async function buildContext(config: Config, opts: BuildOptions = {}): Promise<AppContext & { close: () => Promise<void> }> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const db = await openDatabase(config.database, opts.db);
  let redis;
  try {
    redis = await connectRedis(config.redis);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  redis.removeAllListeners('error');
  redis.on('error', (err) => logger.error({ err: err.message }, 'redis connection error'));
  const people = new PeopleDirectory(db, now);
  const audit = new AuditLog(db, now);
  const network = new SupportNetwork(db, people, audit, now);
  const flows = new FlowEngine(ALL_FLOWS, new FlowStateStore(db), { network }, { ttlMs: config.flowTtlMs, now });
  const knowledge = createKnowledgeBase(new KnowledgeStore(db, now), config, logger);
  return {
    config,
    knowledge,
    logger,
    db,
    redis,
    now,
    people,
    audit,
    network,
    flows,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
      await db.destroy();
    },
  };
}
