/**
 * The one place that reads the system clock. Domain code receives a `now: Clock` (built once in app.ts, moved
 * forward by tests); the check in `npm test` (scripts/check-source.mjs) refuses `Date.now()` and `new Date()`
 * anywhere else in src/.
 */
export type Clock = () => Date;

/** The real time, as the default clock of a running product. */
export const systemClock: Clock = () => new Date();

/**
 * Milliseconds of the real time, for what is measured against Redis's or the OS's own time (BullMQ delays,
 * debouncing, signatures' age, file names) — never for a domain decision, which takes the injected clock.
 */
export const realTimeMs = (): number => Date.now();
