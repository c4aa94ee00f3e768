import { DateTime } from 'luxon';
import type { Reply } from '../../core/messages.js';
import { formatDayHours, parseDayHours } from './hours.js';
import { importOpenData } from './importer.js';
import { OpenDataError } from './openData.js';
import { PARIS, hoursToday, type When } from './openNow.js';
import { type CoolPlace, sameHoursEveryDay } from './place.js';
import type { PlaceFields } from './repository.js';
import type { CoolPlacesDeps } from './residentDesk.js';
import { type Lang, coolKey, coolTexts } from './texts.js';

/** An eco-manager: their language and the quartiers they look after (an empty list: not an eco-manager). */
export interface Manager {
  lang: Lang;
  managedQuartiers: string[];
}

/** Buttons' values (≤ 64 bytes with a UUID): a quartier chosen, a place shown, closed today, reopened, edited. */
export const MANAGER_BUTTONS = {
  quartier: 'cp:m:',
  place: 'cp:p:',
  close: 'cp:c:',
  reopen: 'cp:o:',
  edit: 'cp:e:',
  add: 'cp:a:',
} as const;

/** undefined: not an eco-manager, the caller answers with the shared refusal (kit.refuse). */
export type ManagerReply = Reply[] | undefined;

/** /lieuxfrais: the quartier's places (choose the quartier first when they have several), one button each. */
export async function listPlaces(
  deps: CoolPlacesDeps,
  m: Manager,
  when: When,
  quartier?: string,
): Promise<ManagerReply> {
  if (!m.managedQuartiers.length) return undefined;
  const t = coolTexts(m.lang);
  const chosen = quartier ?? (m.managedQuartiers.length === 1 ? m.managedQuartiers[0] : undefined);
  if (!chosen || !m.managedQuartiers.includes(chosen)) {
    const options = m.managedQuartiers.map((q) => ({ value: `${MANAGER_BUTTONS.quartier}${q}`, label: name(deps, q) }));
    return [{ text: t('manage.chooseQuartier'), options }];
  }
  const places = await deps.places.list(chosen);
  const add = { value: `${MANAGER_BUTTONS.add}${chosen}`, label: t('add.button') };
  if (!places.length) return [{ text: t('manage.empty', { quartier: name(deps, chosen) }), options: [add] }];
  const today = parisDate(when.now);
  const lines = places.map((p, i) =>
    t('manage.line', { n: i + 1, name: p.name, kind: t(coolKey(`kind.${p.kind}`)), address: p.address }).concat(
      p.closedOn === today ? t('manage.closedToday') : '',
    ),
  );
  const text = [t('manage.title', { quartier: name(deps, chosen), count: places.length }), ...lines].join('\n');
  const options = places.map((p, i) => ({ value: `${MANAGER_BUTTONS.place}${p.id}`, label: `${i + 1}. ${p.name}` }));
  return [{ text: clip(text), options: [...options, add] }];
}

/** One place, its hours today and the button to close it for today (or reopen it). */
export async function showPlace(deps: CoolPlacesDeps, m: Manager, id: string, when: When): Promise<ManagerReply> {
  if (!m.managedQuartiers.length) return undefined;
  const t = coolTexts(m.lang);
  const place = await findManaged(deps, m, id);
  if (!place) return [{ text: t('manage.gone') }];
  const closed = place.closedOn === parisDate(when.now);
  const hours = formatDayHours(hoursToday(place, when), { closed: t('hours.closed'), unknown: t('hours.unknown') });
  const text = t('manage.placeTitle', {
    name: place.name,
    kind: t(coolKey(`kind.${place.kind}`)),
    address: place.address,
    hours: t('hours.today', { hours }),
  });
  const option = closed
    ? { value: `${MANAGER_BUTTONS.reopen}${place.id}`, label: t('manage.reopen') }
    : { value: `${MANAGER_BUTTONS.close}${place.id}`, label: t('manage.close') };
  return [{ text, options: [option, { value: `${MANAGER_BUTTONS.edit}${place.id}`, label: t('edit.button') }] }];
}

/** "Fermer aujourd'hui" / "Rouvrir": re-checks that the place is one of this eco-manager's quartiers. */
export async function setClosedToday(
  deps: CoolPlacesDeps,
  m: Manager,
  id: string,
  closed: boolean,
  when: When,
): Promise<ManagerReply> {
  if (!m.managedQuartiers.length) return undefined;
  const t = coolTexts(m.lang);
  const place = await findManaged(deps, m, id);
  if (!place) return [{ text: t('manage.gone') }];
  await deps.places.closeFor(place.quartier, place.id, closed ? parisDate(when.now) : null);
  return [{ text: t(closed ? 'manage.closed' : 'manage.reopened', { name: place.name }) }];
}

/** A file sent by an eco-manager: imported into their quartier, or the reason it was refused (nothing changed). */
export async function importFile(
  deps: CoolPlacesDeps,
  m: Manager,
  quartier: string,
  content: string,
): Promise<ManagerReply> {
  if (!m.managedQuartiers.includes(quartier)) return undefined;
  const t = coolTexts(m.lang);
  const quartierName = name(deps, quartier);
  try {
    const r = await importOpenData(deps.places, quartier, content);
    const lines = [t('import.done', { quartier: quartierName, ...r })];
    if (r.withoutPosition) lines.push(t('import.withoutPosition', { count: r.withoutPosition }));
    if (r.unreadableHours) lines.push(t('import.unreadableHours', { count: r.unreadableHours }));
    return [{ text: lines.join('\n') }];
  } catch (err) {
    if (!(err instanceof OpenDataError)) throw err;
    return [{ text: t(coolKey(`import.error.${err.code}`), { ...err.params, quartier: quartierName }) }];
  }
}

/** The fields an eco-manager can change in chat (the edit flow's first question, editFlow.ts). */
export const EDITABLE = [
  'name',
  'address',
  'hours',
  'heatWaveHours',
  'nightOpening',
  'wheelchair',
  'free',
  'note',
] as const;
export type Editable = (typeof EDITABLE)[number];

/** A typed value for one field → the change, or undefined when it cannot be read (the step asks again). */
export function readEdit(field: Editable, typed: string): Partial<PlaceFields> | undefined {
  const v = typed.replace(/\s+/g, ' ').trim();
  const yes = /^(oui|yes|o|y)$/i.test(v);
  const no = /^(non|no|n)$/i.test(v);
  switch (field) {
    case 'name':
    case 'address':
      return v.length >= 2 && v.length <= 200 ? { [field]: v } : undefined;
    case 'note':
      return v.length <= 300 ? { note: v === '' || v === '-' ? null : v } : undefined;
    case 'hours':
    case 'heatWaveHours': {
      // One range for every day ("10h - 19h", "24h/24"); per-day hours come from the open data.
      const day = parseDayHours(v);
      if (!day) return undefined;
      return { [field]: sameHoursEveryDay(day) };
    }
    case 'nightOpening':
    case 'wheelchair':
    case 'free':
      return yes || no ? { [field]: yes } : undefined;
  }
}

/** One of the places of the quartiers this eco-manager manages (undefined: not theirs, or gone). */
export async function findManaged(deps: CoolPlacesDeps, m: Manager, id: string): Promise<CoolPlace | undefined> {
  for (const q of m.managedQuartiers) {
    const place = await deps.places.get(q, id);
    if (place) return place;
  }
  return undefined;
}

const name = (deps: CoolPlacesDeps, q: string) => deps.quartiers.find((x) => x.id === q)?.name ?? q;
const parisDate = (now: Date) => DateTime.fromJSDate(now, { zone: PARIS }).toISODate()!;
const clip = (text: string) => (text.length <= 4096 ? text : `${text.slice(0, 4094)}…`);
