import { DateTime } from 'luxon';

export const PARIS_ZONE = 'Europe/Paris';

/**
 * Reads a date typed by an eco-manager in Paris time: "25/07 14:00", "25/07/2027 14h30", "25/07 14h".
 * A date without a year is the next such date. Returns undefined when it cannot be read.
 */
export function parseParisDateTime(input: string, now: Date): Date | undefined {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\s*(?:à\s*)?(\d{1,2})\s*(?:[h:]\s*(\d{2})?)?\s*$/i.exec(
    input,
  );
  if (!m) return undefined;
  const today = DateTime.fromJSDate(now, { zone: PARIS_ZONE });
  let year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : today.year;
  const build = (y: number) =>
    DateTime.fromObject(
      { year: y, month: Number(m[2]), day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5] ?? 0) },
      { zone: PARIS_ZONE },
    );
  let dt = build(year);
  if (!dt.isValid) return undefined;
  if (!m[3] && dt < today.minus({ days: 1 })) dt = build(++year);
  return dt.toJSDate();
}

export function formatParis(date: Date, lang: string): string {
  return DateTime.fromJSDate(date, { zone: PARIS_ZONE })
    .setLocale(lang === 'en' ? 'en-GB' : 'fr-FR')
    .toFormat('cccc d LLLL HH:mm');
}

// Building an Intl formatter costs about a millisecond; one per language serves every message.
const DATE_FORMATS = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: PARIS_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: PARIS_ZONE }),
};

/** "1 décembre 2026 à 10:00", the date style of every personal summary. */
export function formatDate(iso: string, lang: 'fr' | 'en'): string {
  return DATE_FORMATS[lang].format(new Date(iso));
}
