import { z } from 'zod';

/** Every environment variable Relais reads (documented in .env.example), parsed once by src/config.ts. */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());

export const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATABASE_URL: optionalString,
  SQLITE_PATH: z.string().default('data/relais.sqlite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: optionalString,
  REDIS_CLUSTER_NODES: optionalString,
  REDIS_EMBEDDED: z.enum(['auto', 'always', 'off']).default('auto'),
  REDIS_DIR: z.string().default('data/redis'),
  // Braces would break the hash tags that keep each queue's keys in one Redis Cluster slot.
  REDIS_PREFIX: z
    .string()
    .regex(/^[^{}]+$/, 'no braces')
    .default('relais'),
  REDIS_CHECK_SECONDS: z.coerce.number().positive().max(30).default(15),
  REDIS_RETRY_MAX_MS: z.coerce.number().int().positive().default(5000),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_BOT_USERNAME: optionalString,
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_PORT: z.coerce.number().int().positive().default(3000),
  SLACK_MESSAGES_PER_SECOND: z.coerce.number().positive().default(10),
  SLACK_CHANNEL_INTERVAL_MS: z.coerce.number().nonnegative().default(1000),
  LINK_CODE_MINUTES: z.coerce.number().positive().default(10),
  PUBLIC_URL: optionalUrl,
  WEBHOOK_PORT: z.coerce.number().int().positive().default(8080),
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  QUARTIERS_JSON: optionalString,
  FLOW_TTL_DAYS: z.coerce.number().positive().default(7),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  MAX_MESSAGE_LENGTH: z.coerce.number().int().positive().default(1000),
  DEFAULT_LANGUAGE: z.enum(['fr', 'en']).default('fr'),
  TERMINAL_USER: optionalString,
  KNOWLEDGE_DIR: z.string().default('knowledge'),
  KB_MAX_UNZIPPED_MB: z.coerce.number().positive().default(100),
  KB_PARSE_MEMORY_MB: z.coerce.number().int().min(32).default(192),
  KB_PARSE_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
  KB_MAX_TEXT_CHARS: z.coerce.number().int().positive().default(5_000_000),
  LLM_BASE_URL: optionalUrl,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_API_KEY: optionalString,
  EMBEDDINGS_MODEL: optionalString,
  ECO_MANAGERS: optionalString,
  VIGILANCE_API_KEY: optionalString,
  VIGILANCE_URL: z.url().default('https://public-api.meteofrance.fr/public/DPVigilance/v1/cartevigilance/encours'),
  VIGILANCE_TIMES: z.string().default('06:30,16:30'),
  ALERT_APPROVAL: z.enum(['none', 'second']).default('none'),
  REGISTRY_EXPORT: z.enum(['on', 'off']).default('off'),
  DATA_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, 'base64').length === 32, '32 bytes, hex or base64')
      .optional(),
  ),
  CHECKIN_TIMES: z.string().default('10:00'),
  MEETING_REMINDERS: z.string().default('P2D,PT2H'),
  CHECKIN_GRACE_MINUTES: z.coerce.number().positive().default(120),
  TELEGRAM_MESSAGES_PER_SECOND: z.coerce.number().positive().default(30),
  TELEGRAM_CHAT_INTERVAL_MS: z.coerce.number().nonnegative().default(1000),
  TELEGRAM_PAID_BROADCAST: z.enum(['true', 'false', '1', '0', '']).default('false'),
  DELIVERY_CONCURRENCY: z.coerce.number().int().positive().default(16),
  OPS_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  OPS_HOST: z.string().default('127.0.0.1'),
  ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'at least 16 characters').optional()),
  JOB_LOCK_MS: z.coerce.number().int().positive().default(30_000),
  CONSOLE_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  CONSOLE_HOST: z.string().default('127.0.0.1'),
  CONSOLE_URL: optionalUrl,
  CONSOLE_LOGINS_PER_15_MINUTES: z.coerce.number().int().positive().default(20),
});
