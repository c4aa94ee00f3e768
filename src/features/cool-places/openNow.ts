import { DateTime } from 'luxon';
import { type CoolPlace, type DayHours, type WeekHours, ALWAYS } from './place.js';

export const PARIS = 'Europe/Paris';

/** What the rules are asked at an instant: whether a heat alert runs in the quartier. */
export interface When {
  now: Date;
  heatWave: boolean;
}

/** Open now, and when it closes (null: not before tomorrow's end of day, i.e. open non-stop). */
export type Openness = { open: false } | { open: true; closesAt: Date | null };

/** The City's summer night openings run from June to September (its "ouverture estivale nocturne"). */
const SUMMER_MONTHS = [6, 7, 8, 9];

/** Night, when only green spaces open at night (or non-stop) are worth suggesting: 22h to 6h, Paris time. */
export function isNight(now: Date): boolean {
  const hour = DateTime.fromJSDate(now, { zone: PARIS }).hour;
  return hour >= 22 || hour < 6;
}

/** The place's hours on the weekday of `day` under the rules in force (24h, night opening, heat-wave hours). */
function hoursOn(place: CoolPlace, day: DateTime, heatWave: boolean): DayHours {
  if (place.closedOn === day.toISODate()) return [];
  if (place.open24h) return ALWAYS;
  if (place.nightOpening && SUMMER_MONTHS.includes(day.month)) return ALWAYS;
  const week: WeekHours = heatWave && place.heatWaveHours ? place.heatWaveHours : place.hours;
  return week[day.weekday - 1] ?? null;
}

/**
 * Whether the place is open at `now` (Paris wall-clock time): today's ranges, or yesterday's that run past
 * midnight. The closing instant is computed on the calendar, so a night spanning a DST change counts its real
 * length. A place open all day today and tomorrow from midnight is "non-stop" (closesAt null).
 */
export function openness(place: CoolPlace, when: When): Openness {
  const local = DateTime.fromJSDate(when.now, { zone: PARIS });
  const today = local.startOf('day');
  // Closed for the day by an eco-manager: closed now, even in last night's range past midnight.
  if (place.closedOn === today.toISODate()) return { open: false };
  const yesterday = today.minus({ days: 1 });
  const minute = local.hour * 60 + local.minute;
  const candidates = [
    ...(hoursOn(place, today, when.heatWave) ?? []).map((i) => ({ ...i, day: today, at: minute })),
    ...(hoursOn(place, yesterday, when.heatWave) ?? []).map((i) => ({ ...i, day: yesterday, at: minute + 1440 })),
  ];
  const current = candidates.find((c) => c.start <= c.at && c.at < c.end);
  if (!current) return { open: false };
  if (current.end >= 1440 && current.start === 0 && current.day === today) {
    // Open all day today: does it carry on past midnight (open tomorrow from 0h)?
    const tomorrow = hoursOn(place, today.plus({ days: 1 }), when.heatWave) ?? [];
    if (tomorrow.some((i) => i.start === 0 && i.end >= 1440)) return { open: true, closesAt: null };
  }
  return { open: true, closesAt: wallClock(current.day, current.end).toJSDate() };
}

/** The instant of a wall-clock minute counted from a day's midnight (past 1440: the next day). */
function wallClock(day: DateTime, minutes: number): DateTime {
  const extraDays = Math.floor(minutes / 1440);
  const m = minutes % 1440;
  return day.plus({ days: extraDays }).set({ hour: Math.floor(m / 60), minute: m % 60 });
}

/** Minutes from now to closing (rounded down), or null when it stays open non-stop. */
export function minutesLeft(o: Openness & { open: true }, now: Date): number | null {
  return o.closesAt === null ? null : Math.floor((o.closesAt.getTime() - now.getTime()) / 60_000);
}

/** Whether it is open now or opens later today (Paris date): "open today" in an alert's message. */
export function openLaterToday(place: CoolPlace, when: When): boolean {
  const local = DateTime.fromJSDate(when.now, { zone: PARIS });
  if (openness(place, when).open) return true;
  if (place.closedOn === local.toISODate()) return false;
  const minute = local.hour * 60 + local.minute;
  return (hoursOn(place, local.startOf('day'), when.heatWave) ?? []).some((i) => i.start > minute);
}

/** Today's hours under today's rules (for the list and the alert), weekday and date in Paris. */
export function hoursToday(place: CoolPlace, when: When): DayHours {
  return hoursOn(place, DateTime.fromJSDate(when.now, { zone: PARIS }).startOf('day'), when.heatWave);
}
