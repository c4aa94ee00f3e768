import { type DayHours, type Interval, ALWAYS } from './place.js';

/**
 * Reads an opening-hours string as the City's open data writes it: "10h00 - 20h00", "9h-12h / 14h-18h",
 * "08:00-22:00", "Fermé", "24h/24", "-" or empty (unknown), ranges past midnight ("20h - 2h"), "10h00 - 24h00".
 * Returns the day's intervals ([] closed, null unknown), or undefined when the text cannot be read.
 */
export function parseDayHours(raw: string | null | undefined): DayHours | undefined {
  const text = (raw ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  if (text === '' || /^[-–—?]+$/.test(text) || text === 'nc' || text === 'non communique') return null;
  if (/^(ferme|fermee|closed|ferme toute la journee)$/.test(text)) return [];
  if (/24 ?h ?\/ ?24|24 ?h ?sur ?24|^ouvert 24 ?h|^24\/24$/.test(text)) return ALWAYS;
  const parts = text.split(/\s*(?:\/|,|;|\bet\b|\+)\s*/).filter(Boolean);
  const intervals: Interval[] = [];
  for (const part of parts) {
    const m = /^(?:de )?(\d{1,2}) ?(?:[h:.] ?(\d{2})?)? ?(?:-|–|à|a) ?(\d{1,2}) ?(?:[h:.] ?(\d{2})?)?$/.exec(part);
    if (!m) return undefined;
    const start = minutes(m[1], m[2]);
    let end = minutes(m[3], m[4]);
    if (start === undefined || end === undefined || start >= 1440) return undefined;
    // "20h - 2h" closes the next day; "0h - 0h" would be a whole day, as would "10h - 10h"
    if (end <= start) end += 1440;
    intervals.push({ start, end });
  }
  return intervals.sort((a, b) => a.start - b.start);
}

function minutes(h: string | undefined, m: string | undefined): number | undefined {
  const hours = Number(h);
  const mins = Number(m ?? 0);
  if (!Number.isInteger(hours) || hours > 24 || mins > 59 || (hours === 24 && mins > 0)) return undefined;
  return hours * 60 + mins;
}

/** "10h00–20h00", "9h00–12h00, 14h00–18h00", "fermé", "24h/24": the day's hours as a resident reads them. */
export function formatDayHours(day: DayHours, words: { closed: string; unknown: string }): string {
  if (day === null) return words.unknown;
  if (day.length === 0) return words.closed;
  if (day.length === 1 && day[0]!.start === 0 && day[0]!.end >= 1440) return '24h/24';
  return day.map((i) => `${clock(i.start)}–${clock(i.end)}`).join(', ');
}

/** 605 → "10h05", 1560 → "2h00" (the next day). */
export function clock(minutesOfDay: number): string {
  const m = minutesOfDay % 1440;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`;
}
