import { z } from 'zod';
import {
  ConfigError,
  consoleConfig,
  deriveSecret,
  loginName,
  type EcoManagerConfig,
  parseClusterNodes,
  parseDurations,
  parseEcoManagers,
  parseTimes,
  DEFAULT_QUARTIERS,
  parseFeatureConfigs,
  type FeatureConfig,
  QuartierSchema,
  type Quartier,
} from './configValues.js';
import { EnvSchema } from './envSchema.js';

export { ConfigError, DEFAULT_QUARTIERS, type EcoManagerConfig, type FeatureConfig, type Quartier };

export interface Config {
  env: string;
  logLevel: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'sqlite'; path: string };
  redis: {
    /** REDIS_URL; when absent, src/jobs/embeddedRedis.ts decides (local Redis, or a private redis-server). */
    url?: string;
    /** REDIS_CLUSTER_NODES: every queue then runs on this Redis Cluster (hash-tagged per queue). */
    cluster?: { host: string; port: number }[];
    /** auto: a private redis-server when nothing answers on 127.0.0.1:6379; always; off (never start one). */
    embedded: 'auto' | 'always' | 'off';
    /** Where the private redis-server keeps its AOF and socket. */
    embeddedDir: string;
    prefix: string;
    /** How often the product checks Redis still holds its data (a sentinel key); a loss triggers a rebuild. */
    checkEveryMs: number;
    /** Longest wait between two reconnection attempts; reconnection never gives up. */
    retryMaxMs: number;
  };
  telegram?: {
    token: string;
    apiRoot: string;
    /** Webhook mode when a public URL is set, long polling otherwise. */
    webhook?: { publicUrl: string; port: number; secret: string };
  };
  slack?: {
    token: string;
    /** HTTP mode: requests are verified with it (forged or older than 5 minutes → 401). */
    signingSecret: string;
    /** Socket Mode when set (no public URL needed). */
    appToken?: string;
    apiUrl: string;
    port: number;
  };
  /** The Telegram bot's @username for t.me links (posters); asked of Telegram (getMe) when not set. */
  telegramBotUsername?: string;
  /** Météo-France's vigilance map, read at `times` (Paris) to draft alerts; off without an API key. */
  vigilance?: { url: string; apiKey: string; times: string[] };
  /** How long a /lier code stays valid. */
  linkCodeMs: number;
  quartiers: Quartier[];
  flowTtlMs: number;
  rateLimitPerMinute: number;
  maxMessageLength: number;
  defaultLanguage: 'fr' | 'en';
  /** Identity of the person using the terminal chat (defaults to the OS user). */
  terminalUser?: string;
  knowledge: {
    dir: string;
    /** Each document is parsed in its own thread within these limits; one that breaks them is set aside. */
    parseLimits: { maxUnzippedBytes: number; maxMemoryMb: number; timeoutMs: number; maxTextChars: number };
  };
  /** Optional OpenAI-compatible LLM for phrasing grounded answers. */
  llm?: { baseUrl: string; apiKey: string; model: string };
  /** Optional OpenAI-compatible embeddings endpoint: retrieval becomes hybrid (BM25 + vectors). */
  embeddings?: { baseUrl: string; apiKey: string; model: string };
  /** Who may broadcast, and for which quartiers. */
  ecoManagers: EcoManagerConfig[];
  /** Reminders before each new meeting, as ISO-8601 durations (days count in Paris calendar days). */
  meetingReminders: string[];
  alerts: {
    /** Check-in times, "HH:MM" in Europe/Paris, comma-separated in the environment. */
    checkinTimes: string[];
    graceMs: number;
    /** second: an alert waits for another eco-manager of its quartiers (red, or alone: at once, audited). */
    approval: 'none' | 'second';
  };
  /** on: people supported may consent to the mairie's registry of vulnerable persons; /export writes it. */
  registryExport: boolean;
  /** DATA_KEY: the AES-256-GCM key entry codes are stored under; without it the entry code is not asked. */
  dataKey?: Buffer;
  /** /healthz, /readyz, /metrics and Bull Board (src/ops/opsServer.ts), when a port is set. */
  ops?: { port: number; host: string; adminToken?: string };
  /** The eco-managers' web console (src/console/), when CONSOLE_PORT is set; `url` is what links point to. */
  console?: ReturnType<typeof consoleConfig>;
  delivery: {
    telegramPerSecond: number;
    telegramChatIntervalMs: number;
    telegramPaidBroadcast: boolean;
    slackPerSecond: number;
    slackChatIntervalMs: number; // Slack allows about one message a second per channel (here: a person's DM)
    concurrency: number;
    /** How long a job stays locked by a worker; a killed worker's jobs are taken over after this. */
    lockMs: number;
  };
  features: Record<string, unknown>; // each feature's own variables, by id (parsed with the schemas they declare)
}

/** Parse the environment once (with the features' schemas); everything else receives the resulting object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, features: FeatureConfig[] = []): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  let quartiers = DEFAULT_QUARTIERS;
  if (e.QUARTIERS_JSON) {
    const q = z.array(QuartierSchema).min(1).safeParse(JSON.parse(e.QUARTIERS_JSON));
    if (!q.success) throw new ConfigError(`QUARTIERS_JSON is invalid: ${q.error.message}`);
    quartiers = q.data;
  }
  const telegram = e.TELEGRAM_BOT_TOKEN
    ? {
        token: e.TELEGRAM_BOT_TOKEN,
        apiRoot: e.TELEGRAM_API_ROOT,
        webhook: e.PUBLIC_URL
          ? {
              publicUrl: e.PUBLIC_URL,
              port: e.WEBHOOK_PORT,
              secret: e.TELEGRAM_WEBHOOK_SECRET ?? deriveSecret(e.TELEGRAM_BOT_TOKEN),
            }
          : undefined,
      }
    : undefined;
  let slack: Config['slack'];
  if (e.SLACK_BOT_TOKEN) {
    if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
      throw new ConfigError(
        'SLACK_BOT_TOKEN is set: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) too',
      );
    }
    slack = {
      token: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET ?? '',
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      port: e.SLACK_PORT,
    };
  }
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL ?? (telegram || slack ? 'info' : 'warn'),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'sqlite', path: e.SQLITE_PATH },
    redis: {
      url: e.REDIS_URL,
      cluster: parseClusterNodes(e.REDIS_CLUSTER_NODES, e.REDIS_URL),
      embedded: e.REDIS_EMBEDDED,
      embeddedDir: e.REDIS_DIR,
      prefix: e.REDIS_PREFIX,
      checkEveryMs: e.REDIS_CHECK_SECONDS * 1000,
      retryMaxMs: e.REDIS_RETRY_MAX_MS,
    },
    telegram,
    slack,
    telegramBotUsername: e.TELEGRAM_BOT_USERNAME?.replace(/^@/, ''),
    vigilance: e.VIGILANCE_API_KEY
      ? { url: e.VIGILANCE_URL, apiKey: e.VIGILANCE_API_KEY, times: parseTimes(e.VIGILANCE_TIMES) }
      : undefined,
    linkCodeMs: e.LINK_CODE_MINUTES * 60_000,
    quartiers,
    flowTtlMs: e.FLOW_TTL_DAYS * 24 * 3600 * 1000,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    maxMessageLength: e.MAX_MESSAGE_LENGTH,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    terminalUser: e.TERMINAL_USER,
    knowledge: {
      dir: e.KNOWLEDGE_DIR,
      parseLimits: {
        maxUnzippedBytes: e.KB_MAX_UNZIPPED_MB * 1024 * 1024,
        maxMemoryMb: e.KB_PARSE_MEMORY_MB,
        timeoutMs: e.KB_PARSE_TIMEOUT_SECONDS * 1000,
        maxTextChars: e.KB_MAX_TEXT_CHARS,
      },
    },
    ecoManagers: parseEcoManagers(
      e.ECO_MANAGERS,
      quartiers.map((q) => q.id),
      e.TERMINAL_USER ?? loginName(),
    ),
    meetingReminders: parseDurations(e.MEETING_REMINDERS),
    alerts: {
      checkinTimes: parseTimes(e.CHECKIN_TIMES),
      graceMs: e.CHECKIN_GRACE_MINUTES * 60_000,
      approval: e.ALERT_APPROVAL,
    },
    registryExport: e.REGISTRY_EXPORT === 'on',
    ...(e.DATA_KEY ? { dataKey: Buffer.from(e.DATA_KEY, /^[0-9a-f]{64}$/i.test(e.DATA_KEY) ? 'hex' : 'base64') } : {}),
    ops: e.OPS_PORT === undefined ? undefined : { port: e.OPS_PORT, host: e.OPS_HOST, adminToken: e.ADMIN_TOKEN },
    console:
      e.CONSOLE_PORT === undefined
        ? undefined
        : consoleConfig(e.CONSOLE_PORT, e.CONSOLE_HOST, e.CONSOLE_URL, e.CONSOLE_LOGINS_PER_15_MINUTES),
    delivery: {
      telegramPerSecond: e.TELEGRAM_MESSAGES_PER_SECOND,
      telegramChatIntervalMs: e.TELEGRAM_CHAT_INTERVAL_MS,
      telegramPaidBroadcast: e.TELEGRAM_PAID_BROADCAST === 'true' || e.TELEGRAM_PAID_BROADCAST === '1',
      slackPerSecond: e.SLACK_MESSAGES_PER_SECOND,
      slackChatIntervalMs: e.SLACK_CHANNEL_INTERVAL_MS,
      concurrency: e.DELIVERY_CONCURRENCY,
      lockMs: e.JOB_LOCK_MS,
    },
    embeddings: e.EMBEDDINGS_BASE_URL
      ? {
          baseUrl: e.EMBEDDINGS_BASE_URL,
          apiKey: e.EMBEDDINGS_API_KEY ?? e.LLM_API_KEY ?? 'not-needed',
          model: e.EMBEDDINGS_MODEL ?? 'text-embedding-3-small',
        }
      : undefined,
    llm: e.LLM_BASE_URL
      ? { baseUrl: e.LLM_BASE_URL, apiKey: e.LLM_API_KEY ?? 'not-needed', model: e.LLM_MODEL ?? 'gpt-4o-mini' }
      : undefined,
    features: parseFeatureConfigs(env, features),
  };
}
