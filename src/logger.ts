import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * A short, stable code for an error, safe to log: the platform's error code and method, an errno, or the
 * error's class. Never its payload (grammY's GrammyError carries the whole message sent, with addresses).
 */
export function errorCode(err: unknown): string {
  if (!err || typeof err !== 'object') return typeof err;
  const e = err as { name?: string; code?: unknown; error_code?: unknown; method?: unknown; status?: unknown };
  if (typeof e.error_code === 'number') return `${e.name ?? 'Error'}:${e.method ?? '?'}:${e.error_code}`;
  if (typeof e.code === 'string' || typeof e.code === 'number') return `${e.name ?? 'Error'}:${e.code}`;
  if (typeof e.status === 'number') return `${e.name ?? 'Error'}:${e.status}`;
  return e.name ?? 'Error';
}

/**
 * Errors are logged as their class, code and stack frames only. Messages are dropped: a platform's error
 * message or a database's may quote what was sent (a text, an address); the stack says where it happened.
 */
function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { code: errorCode(err) };
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => l.trim().startsWith('at '))
    .slice(0, 8)
    .join('\n');
  const out: Record<string, unknown> = { type: err.name, code: errorCode(err), stack: frames };
  if (err.cause) out.cause = safeError(err.cause);
  return out;
}

/** Fields that may hold personal data or message texts: never written, whatever the level. */
const REDACTED = [
  'text',
  'payload',
  'address',
  'phone',
  'needs',
  'availability',
  'name',
  'building',
  'floor',
  'door',
  'entryCode',
  'entry_code',
  'body',
  'answers',
  'question',
  'args',
  'caption',
  'message',
];

/** Structured JSON logs on stderr, so the terminal chat on stdout stays readable. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino(
    {
      level,
      base: { app: 'relais', ...bindings },
      serializers: { err: safeError, error: safeError },
      redact: { paths: [...REDACTED, ...REDACTED.map((f) => `*.${f}`)], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
