import 'dotenv/config';
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { buildContext } from './app.js';
import { createLogger } from './logger.js';
import { Conversation } from './core/conversation.js';
import { DatabaseUnreachable } from './storage/database.js';
import { RedisUnreachable } from './jobs/redis.js';
import { EmbeddedRedisFailed, RedisNotInstalled } from './jobs/embeddedRedis.js';
import { createTelegramBot, startTelegram } from './bots/telegram/telegramBot.js';
import { runTerminalChat } from './bots/terminal/terminalChat.js';
import { terminalMailboxSender, watchTerminalMailbox } from './bots/terminal/terminalMailbox.js';
import { telegramSender } from './bots/telegram/telegramSender.js';
import { createSlackApp, startSlack } from './bots/slack/slackBot.js';
import { slackSender } from './bots/slack/slackSender.js';
import type { Senders } from './bots/outbound.js';
import { startWorkers } from './jobs/workers.js';
import { UpdateInbox } from './storage/updateInbox.js';
import { startOpsServer, watchedQueues } from './ops/opsServer.js';
import { startConsoleServer } from './console/server.js';
import { CONSOLE_PAGES, chatFeatures, FEATURE_CONFIGS } from './features/index.js';

type Role = 'all' | 'bot' | 'worker';

/** How long a graceful stop may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

function parseRole(argv: string[]): Role {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (arg !== 'all' && arg !== 'bot' && arg !== 'worker')
    throw new ConfigError(`Unknown --role=${arg} (all, bot or worker)`);
  return arg;
}

/** Builds the context once, starts the chosen roles, and shuts down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, FEATURE_CONFIGS);
  const role = parseRole(process.argv.slice(2));
  const logger = createLogger(config.logLevel, { role });
  // One policy for what escaped every handler: log it with a code and keep serving. Each update, job and
  // request already catches its own errors; what reaches here is a bug, not a reason to stop checking on people.
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason, code: 'UNHANDLED_REJECTION' }, 'unhandled rejection; still serving'),
  );
  process.on('uncaughtException', (err) =>
    logger.error({ err, code: 'UNCAUGHT_EXCEPTION' }, 'uncaught exception; still serving'),
  );
  const ctx = await buildContext(config, { logger, processMetrics: true });
  const stops: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    // A platform or Redis that no longer answers must not keep the process from stopping: jobs in flight are
    // taken over by another worker (JOB_LOCK_MS) and updates are claimed in the database, so nothing is lost.
    setTimeout(() => {
      logger.warn({ code: 'SHUTDOWN_TIMEOUT' }, 'shutdown took too long; exiting');
      process.exit(code);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // Adapters first (no new work), then workers drain, then connections close.
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'error during shutdown'));
    await ctx.close().catch((err) => logger.error({ err }, 'error closing connections'));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.ops) {
    const ops = await startOpsServer(ctx, { ...config.ops, queues: watchedQueues(ctx) });
    stops.push(ops.stop);
  }

  const senders: Senders = {};
  if (config.telegram) {
    senders.telegram = telegramSender({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      paidBroadcast: config.delivery.telegramPaidBroadcast,
    });
  }
  if (config.slack) senders.slack = slackSender({ token: config.slack.token, apiUrl: config.slack.apiUrl });

  // Proactive messages for terminal people go to their own mailbox, whichever process sends them, and each
  // terminal shows its own identity's (several TERMINAL_USERs may share one Redis).
  const conversation = new Conversation(ctx, chatFeatures(ctx));
  const handle = conversation.handle.bind(conversation);
  let terminal: ReturnType<typeof runTerminalChat> | undefined;
  if (!config.telegram && !config.slack) senders.terminal = terminalMailboxSender(ctx.redis, config.redis.prefix);
  if (role !== 'worker' && !config.telegram && !config.slack) {
    logger.info('no TELEGRAM_BOT_TOKEN nor SLACK_BOT_TOKEN: opening the terminal chat');
    terminal = runTerminalChat({
      input: process.stdin,
      output: process.stdout,
      handle,
      userId: config.terminalUser,
      languageHint: config.defaultLanguage,
    });
    const mailbox = watchTerminalMailbox(ctx.redis, config.redis.prefix, terminal.userId, terminal.show, (err) =>
      logger.warn({ err, code: 'TERMINAL_MAILBOX' }, 'terminal mailbox unreadable; retrying'),
    );
    stops.push(mailbox.stop);
  }

  if (role !== 'bot') {
    const workers = await startWorkers(ctx, senders);
    stops.push(() => workers.close());
  }
  if (role === 'worker') return;

  // The shipped and dropped-in documents are (re)ingested at start; only changed files are re-read.
  if (existsSync(config.knowledge.dir)) {
    const report = await ctx.knowledge.ingest([config.knowledge.dir]);
    logger.info(
      { added: report.added.length, updated: report.updated.length, removed: report.removed.length },
      'knowledge ingested',
    );
    for (const q of report.quarantined)
      logger.warn(
        { file: q.movedTo, reason: q.reason, code: 'DOCUMENT_QUARANTINED' },
        'document set aside: it could not be read',
      );
  }
  // Platforms re-send what they think was lost: each Telegram update is claimed in the database before it is
  // handled, each Slack event id in Redis (ids kept an hour).
  const key = (kind: string, id: string | number) => `${config.redis.prefix}:${kind}:${id}`;
  const seen = (kind: string) => async (id: string | number) =>
    (await ctx.redis.set(key(kind, id), '1', 'EX', 3600, 'NX')) === 'OK';
  if (config.telegram) {
    const inbox = new UpdateInbox(ctx.db, ctx.now);
    const bot = createTelegramBot({
      config: config.telegram,
      maxMessageLength: config.maxMessageLength,
      logger,
      handle,
      inbox,
      beforeReply: () => ctx.budget.turnForReply('telegram'),
    });
    const running = await startTelegram(bot, config.telegram, logger, inbox, conversation.commandMenu());
    stops.push(running.stop);
  }
  if (config.slack) {
    const { app } = createSlackApp({
      config: config.slack,
      maxMessageLength: config.maxMessageLength,
      logger,
      core: conversation,
      firstDelivery: seen('slack-event'),
      beforeReply: () => ctx.budget.turnForReply('slack'),
    });
    const running = await startSlack(app, config.slack, logger);
    stops.push(running.stop);
  }
  if (config.console) {
    const pages = CONSOLE_PAGES.map((page) => page(ctx)).filter((p) => p !== undefined);
    const running = await startConsoleServer(ctx, pages);
    stops.push(running.stop);
  }
  if (terminal) {
    void terminal.closed.then(() => shutdown('end of input'));
  }
}

main().catch((err) => {
  const explained = [ConfigError, RedisUnreachable, RedisNotInstalled, EmbeddedRedisFailed, DatabaseUnreachable];
  if (explained.some((kind) => err instanceof kind)) {
    process.stderr.write(`relais: ${err.message}\n`);
  } else {
    createLogger('error').fatal({ err }, 'relais failed to start');
  }
  process.exit(1);
});
