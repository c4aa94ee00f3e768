import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr, so the terminal chat on stdout stays readable. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'relais', ...bindings } }, pino.destination(2));
}
