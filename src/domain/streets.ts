import { foldText } from '../i18n/folding.js';
import { QUARTIER_STREETS } from './streetList.js';

/** A listed street: its name as written on the plaque, its postcode, its quartier. */
export interface Street {
  name: string;
  postcode: string;
  quartier: string;
}

const ABBREVIATIONS: Record<string, string> = {
  r: 'rue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  boul: 'boulevard',
  av: 'avenue',
  ave: 'avenue',
  pl: 'place',
  imp: 'impasse',
  pass: 'passage',
  psg: 'passage',
  fg: 'faubourg',
  fbg: 'faubourg',
  sq: 'square',
  all: 'allee',
  ch: 'chemin',
  st: 'saint',
  ste: 'sainte',
  pte: 'porte',
};
const PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'd', 'l', 'a', 'au', 'aux', 'et']);
const TYPES = new Set(['rue', 'boulevard', 'avenue', 'place', 'impasse', 'passage', 'quai', 'square', 'villa']);

/** "R. d'Aubervilliers" and "rue D’AUBERVILLIERS" → "rue aubervilliers": what two spellings share. */
export function streetKey(name: string): string {
  return foldText(name.replace(/\./g, ' '))
    .split(' ')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .filter((w) => w && !PARTICLES.has(w))
    .join(' ');
}

/** The number ("45", "12 bis") and the rest of a typed address; the postcode and "Paris" set apart. */
export function splitAddress(text: string): { number: string; rest: string; postcode: string | null } {
  const postcode = /\b(75\d{3})\b/.exec(text)?.[1] ?? null;
  const clean = text
    .replace(/\b75\d{3}\b/, ' ')
    .replace(/\bparis\b/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const m = /^(\d{1,4})\s*(bis|ter|quater|b|t)?\b[\s,.-]*(.*)$/i.exec(clean);
  if (!m) return { number: '', rest: clean.replace(/^[\s,]+|[\s,]+$/g, ''), postcode };
  const suffix = m[2] ? ({ b: 'bis', t: 'ter' }[m[2].toLowerCase()] ?? m[2].toLowerCase()) : '';
  return { number: [m[1], suffix].filter(Boolean).join(' '), rest: m[3]!.replace(/[\s,]+$/, ''), postcode };
}

const ALL: Street[] = Object.entries(QUARTIER_STREETS).flatMap(([quartier, byPostcode]) =>
  Object.entries(byPostcode).flatMap(([postcode, names]) => names.map((name) => ({ name, postcode, quartier }))),
);
const withoutType = (key: string) =>
  key
    .split(' ')
    .filter((w, i) => i > 0 || !TYPES.has(w))
    .join(' ');
const BY_KEY = new Map<string, Street[]>();
for (const s of ALL) {
  for (const k of new Set([streetKey(s.name), withoutType(streetKey(s.name))])) {
    BY_KEY.set(k, [...(BY_KEY.get(k) ?? []), s]);
  }
}

/** The listed street a typed one is (abbreviations, accents, apostrophes, missing "rue"), the quartier's first. */
export function findStreet(typed: string, quartier?: string): Street | undefined {
  const hits = BY_KEY.get(streetKey(typed)) ?? [];
  const names = new Set(hits.map((h) => h.name));
  return hits.find((h) => h.quartier === quartier) ?? (names.size === 1 ? hits[0] : undefined);
}

/** A typed address written the one way: "45, r d aubervilliers" → "45 rue d'Aubervilliers" with its postcode. */
export function canonicalAddress(
  typed: string,
  quartier?: string,
): { address: string; postcode: string; street: Street } | undefined {
  const { number, rest } = splitAddress(typed);
  // A lone word ("petit", "albert") is no address: a number or a street type must come with it.
  if (!number && !TYPES.has(streetKey(rest).split(' ')[0] ?? '')) return undefined;
  const street = findStreet(rest, quartier);
  if (!street) return undefined;
  return { address: number ? `${number} ${street.name}` : street.name, postcode: street.postcode, street };
}

/** The quartier's streets closest to a typed one that is not listed ("rue d'Auberviliers"), at most three. */
export function closeStreets(typed: string, quartier: string): Street[] {
  const key = streetKey(splitAddress(typed).rest);
  const bare = withoutType(key);
  if (bare.length < 3) return [];
  return ALL.filter((s) => s.quartier === quartier)
    .map((s) => {
      const other = withoutType(streetKey(s.name));
      const words = bare.split(' ').filter((w) => w.length >= 4);
      const shared = words.length > 0 && words.every((w) => other.split(' ').some((o) => distance(w, o) <= 1));
      return { s, d: shared ? 0 : distance(bare, other), limit: Math.max(2, Math.floor(other.length / 4)) };
    })
    .filter((c) => c.d <= c.limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((c) => c.s);
}

/** Levenshtein distance (short strings: street names). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
