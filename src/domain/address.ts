import { foldText } from '../i18n/folding.js';
import type { Translate } from '../i18n/translator.js';

/** Street types that make a line look like a Paris postal address. */
const STREET_TYPES = [
  'rue',
  'avenue',
  'boulevard',
  'place',
  'passage',
  'impasse',
  'villa',
  'cite',
  'allee',
  'quai',
  'square',
  'chemin',
  'cour',
  'sentier',
  'faubourg',
  'parvis',
  'esplanade',
  'route',
  'porte',
  'hameau',
  'jardin',
  'parc',
  'residence',
  'promenade',
  'galerie',
  'mail',
  'voie',
  'square',
];
const ABBREVIATIONS: Record<string, string> = {
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  av: 'avenue',
  ave: 'avenue',
  r: 'rue',
  pl: 'place',
  imp: 'impasse',
  pass: 'passage',
  fg: 'faubourg',
  fbg: 'faubourg',
  all: 'allée',
  sq: 'square',
  ch: 'chemin',
};
const PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'et', 'sur', 'aux', 'au', 'à', 'en']);

/**
 * Normalises a typed address ("12 bd de belleville" → "12 boulevard de Belleville").
 * Returns undefined when the text clearly is not an address (no street type, too short, a URL…).
 */
export function normalizeAddress(input: string): string | undefined {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text.length < 6 || text.length > 150 || /https?:|www\.|@/.test(text)) return undefined;
  const words = text.split(' ').map((word) => {
    const bare = word.replace(/[.,]$/, '').toLowerCase();
    return ABBREVIATIONS[bare] ? ABBREVIATIONS[bare] + (word.endsWith(',') ? ',' : '') : word;
  });
  const folded = words.map((w) => foldText(w));
  if (!folded.some((w) => STREET_TYPES.includes(w))) return undefined;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4) return undefined;
  const allLower = text === text.toLowerCase();
  return words
    .map((w, i) => {
      const f = folded[i]!;
      if (STREET_TYPES.includes(f)) return w.toLowerCase();
      if (allLower && /^\p{L}/u.test(w) && !PARTICLES.has(w) && !/^[ldj]'/.test(w))
        return w[0]!.toUpperCase() + w.slice(1);
      return w;
    })
    .join(' ');
}

/** "45 rue d'Aubervilliers, bâtiment/escalier B, étage 3, porte gauche": where exactly someone lives. */
export function fullAddress(
  m: { address?: string; building?: string | null; floor?: string | null; door?: string | null },
  t: Translate,
): string {
  const parts = [
    m.building && t('network.summary.building', { value: m.building }),
    m.floor && t('network.summary.floor', { value: m.floor }),
    m.door && t('network.summary.door', { value: m.door }),
  ];
  return [m.address ?? '', ...parts].filter(Boolean).join(', ');
}

/** How eco-managers see someone: "Jeanne, 45 rue d'Aubervilliers", or the address alone when no name was given. */
export function personLabel(m: { name?: string | null; address?: string | null } | undefined): string {
  if (!m) return '?';
  return [m.name, m.address].filter(Boolean).join(', ') || '?';
}
