import { DateTime } from 'luxon';
import { formatDistance, type LatLon, mapLink, nearestFirst } from './geo.js';
import { formatDayHours } from './hours.js';
import { hoursToday, isNight, minutesLeft, openLaterToday, openness, PARIS, type When } from './openNow.js';
import type { CoolPlace } from './place.js';
import { type CoolText, type Lang, coolKey, coolTexts } from './texts.js';

/** Where distances are counted from: the person's building, or the quartier's centre when it is not known. */
export interface Origin {
  point: LatLon;
  fromCentre: boolean;
  quartierName: string;
}

/** Telegram's limit for one message. */
export const MAX_TEXT = 4096;

/** Open now and worth suggesting: at night, only green spaces (parks open at night, 24h or non-stop). */
export function openNow(places: CoolPlace[], origin: Origin, when: When) {
  const night = isNight(when.now);
  return nearestFirst(places, origin.point)
    .map((p) => ({ ...p, openness: openness(p, when) }))
    .filter((p) => p.openness.open && (!night || p.kind === 'park'));
}

/** "The places open now near you": nearest first, with hours left, accessibility, price and a map link. */
export function renderNearby(places: CoolPlace[], origin: Origin, when: When, lang: Lang, limit = 5): string {
  const t = coolTexts(lang);
  const night = isNight(when.now);
  const head = origin.fromCentre ? [t('near.centreNote', { quartier: origin.quartierName })] : [];
  if (!places.length) return [t('near.noPlaces', { quartier: origin.quartierName })].join('\n\n');
  const open = openNow(places, origin, when);
  if (!open.length) return [...head, t(night ? 'near.noneNight' : 'near.none'), t('near.urgent')].join('\n\n');
  const title = t(night ? 'near.titleNight' : when.heatWave ? 'near.titleHeatWave' : 'near.title');
  const blocks: string[] = [];
  const tail = t('near.urgent');
  let length = [title, ...head, tail].join('\n\n').length;
  for (const [i, p] of open.slice(0, limit).entries()) {
    const o = p.openness as { open: true; closesAt: Date | null };
    const left = minutesLeft(o, when.now);
    const facts = [
      left === null ? t('hours.nonStop') : t('hours.left', { duration: duration(left, t), until: until(o.closesAt!) }),
      ...(p.wheelchair === null ? [] : [t(p.wheelchair ? 'near.wheelchair' : 'near.notWheelchair')]),
      ...(p.free === null ? [] : [t(p.free ? 'near.free' : 'near.paid')]),
    ];
    const block = [
      t('near.line', {
        n: i + 1,
        name: p.name,
        kind: t(coolKey(`kind.${p.kind}`)),
        distance: formatDistance(p.metres, lang),
      }),
      ...(p.address ? [p.address] : []),
      facts.join(' · '),
      ...(p.note ? [p.note] : []),
      t('near.map', { url: mapLink(p) }),
    ].join('\n');
    // Room for "… and N more" too: the message stays within one Telegram message.
    if (length + block.length + 2 + 80 > MAX_TEXT) break;
    blocks.push(block);
    length += block.length + 2;
  }
  const more = open.length - blocks.length;
  return [title, ...head, ...blocks, ...(more > 0 ? [t('near.more', { count: more })] : []), tail].join('\n\n');
}

/**
 * Two or three places open today (now or later) nearest to the person, for the alert message and the
 * morning check-in; empty when there is none (the message then goes without this part).
 */
export function renderAlertPicks(places: CoolPlace[], origin: Origin, when: When, lang: Lang, count = 3): string {
  const t = coolTexts(lang);
  const picks = nearestFirst(places, origin.point)
    .filter((p) => openLaterToday(p, when))
    .slice(0, count);
  if (!picks.length) return '';
  const words = { closed: t('hours.closed'), unknown: t('hours.unknown') };
  const lines = picks.map((p) =>
    t('alert.line', {
      name: p.name,
      address: p.address,
      distance: formatDistance(p.metres, lang),
      hours: p.open24h ? t('hours.nonStop') : formatDayHours(hoursToday(p, when), words),
    }),
  );
  return [t('alert.title'), ...lines].join('\n');
}

/** The nearest air-conditioned place open now, for someone who asked for help (and their volunteer). */
export function nearestCooled(places: CoolPlace[], origin: Origin, when: When) {
  return openNow(
    places.filter((p) => p.kind === 'cooled'),
    origin,
    when,
  )[0];
}

/** The offer to a person supported who answered "J'ai besoin d'aide"; '' when no cooled place is open. */
export function renderHelpOffer(places: CoolPlace[], origin: Origin, when: When, lang: Lang): string {
  return cooledSentence('help.offer', places, origin, when, lang);
}

/** The sentence of the volunteer's escalation naming that place; '' when there is none. */
export function renderEscalationPlace(places: CoolPlace[], origin: Origin, when: When, lang: Lang): string {
  return cooledSentence('help.escalation', places, origin, when, lang);
}

function cooledSentence(
  key: 'help.offer' | 'help.escalation',
  places: CoolPlace[],
  origin: Origin,
  when: When,
  lang: Lang,
): string {
  const t = coolTexts(lang);
  const p = nearestCooled(places, origin, when);
  if (!p) return '';
  const o = p.openness as { open: true; closesAt: Date | null };
  const left = minutesLeft(o, when.now);
  return t(key, {
    name: p.name,
    address: p.address,
    distance: formatDistance(p.metres, lang),
    open:
      left === null ? t('hours.nonStop') : t('hours.left', { duration: duration(left, t), until: until(o.closesAt!) }),
    map: t('near.map', { url: mapLink(p) }),
  });
}

/** 135 → "2 h 15", 120 → "2 h", 45 → "45 min". */
export function duration(minutes: number, t: CoolText): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('hours.durationMinutes', { minutes: m });
  if (m === 0) return t('hours.durationWholeHours', { hours: h });
  return t('hours.durationHours', { hours: h, minutes: String(m).padStart(2, '0') });
}

/** A closing instant as Paris wall-clock time: "21h30". */
function until(at: Date): string {
  const d = DateTime.fromJSDate(at, { zone: PARIS });
  return `${d.hour}h${String(d.minute).padStart(2, '0')}`;
}
