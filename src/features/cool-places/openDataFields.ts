import type { PlaceKind } from './place.js';

/**
 * The vocabulary of the City's "îlots de fraîcheur" files: header names (labels or field names, folded), the
 * datasets' `type` values mapped to our kinds, yes/no values, arrondissements.
 */

/** "Horaires Lundi", "horaires_lundi", "HORAIRES LUNDI" → "horaires_lundi". */
export function foldHeader(header: string): string {
  const folded = header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return HEADER_ALIASES[folded] ?? folded;
}

/** Portal labels that are not their field name once folded. */
const HEADER_ALIASES: Record<string, string> = {
  statut_d_ouverture: 'statut_ouverture',
  ouverture_24h: 'ouvert_24h',
  ouvert_24h_24: 'ouvert_24h',
  ouverture_canicule: 'canicule_ouverture',
  ouverture_en_cas_de_canicule: 'canicule_ouverture',
  ouverture_estivale_de_nuit: 'ouverture_estivale_nocturne',
  ouverture_nocturne_estivale: 'ouverture_estivale_nocturne',
  nom_de_l_equipement: 'nom',
  nom_de_l_espace_vert: 'nom',
  type_d_equipement: 'type',
  type_d_espace_vert: 'type',
  periode_horaires: 'horaires_periode',
  disponibilite: 'dispo',
  disponible: 'dispo',
  geo_point: 'geo_point_2d',
  geopoint: 'geo_point_2d',
  geo_shape_2d: 'geo_shape',
  accessibilite_pmr: 'acces_pmr',
  accessible_pmr: 'acces_pmr',
  pmr: 'acces_pmr',
};

export const WEEKDAY_COLUMNS = [
  'horaires_lundi',
  'horaires_mardi',
  'horaires_mercredi',
  'horaires_jeudi',
  'horaires_vendredi',
  'horaires_samedi',
  'horaires_dimanche',
] as const;

export type Dataset = 'equipements' | 'espaces-verts' | 'fontaines';

/** Which of the three files this is, from its columns. */
export function detectDataset(columns: ReadonlySet<string>): Dataset | undefined {
  if (columns.has('nsq_espace_vert') || columns.has('ouverture_estivale_nocturne') || columns.has('canicule_ouverture'))
    return 'espaces-verts';
  if (columns.has('type_objet') || (columns.has('gid') && columns.has('voie'))) return 'fontaines';
  if (columns.has('nom') && (columns.has('horaires_lundi') || columns.has('type'))) return 'equipements';
  return undefined;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A dataset's `type` (Bibliothèque, Piscine, Lieu de culte, Square, FONTAINE_WALLACE…) → our kind. */
export function kindOf(dataset: Dataset, type: string | null): PlaceKind {
  const t = fold(type ?? '');
  if (/brumi/.test(t)) return 'misting';
  if (dataset === 'fontaines' || /fontaine/.test(t)) return 'fountain';
  if (dataset === 'espaces-verts') return 'park';
  if (/piscine|baignade|bassin/.test(t)) return 'pool';
  if (/culte|eglise|temple|synagogue|mosquee|cathedrale|chapelle/.test(t)) return 'naturally_cool';
  if (/bibliotheque|mediatheque|musee|mairie|salle|centre|maison|cinema|gymnase|equipement/.test(t)) return 'cooled';
  if (/jardin|square|parc|bois|promenade|cimetiere|espace vert/.test(t)) return 'park';
  return 'other';
}

/** Oui / OUI / Non / true / 1 → a boolean; empty or anything else → null (unknown). */
export function yesNo(value: string | null | undefined): boolean | null {
  const v = fold((value ?? '').trim());
  if (['oui', 'o', 'yes', 'true', '1', 'vrai'].includes(v)) return true;
  if (['non', 'n', 'no', 'false', '0', 'faux'].includes(v)) return false;
  return null;
}

/** "75013", "13", "13e", "PARIS 13EME ARRONDISSEMENT" → "75013"; undefined when no arrondissement is said. */
export function postcodeOf(value: string | null | undefined): string | undefined {
  const v = (value ?? '').trim();
  const full = /\b75(0\d{2}|1(?:16))\b/.exec(v);
  if (full) return `75${full[1]}`;
  const n = /\b(\d{1,2})\s*(?:e|eme|ème|er)?\b/i.exec(v);
  if (n && Number(n[1]) >= 1 && Number(n[1]) <= 20) return `750${String(Number(n[1])).padStart(2, '0')}`;
  return undefined;
}

/** "3  RUE  DE  LA  GLACIERE" → "3 rue de la Glaciere": spaces tidied, capitals only where names start. */
export function tidyAddress(value: string | null | undefined): string {
  const v = (value ?? '').replace(/\s+/g, ' ').trim();
  if (v !== v.toUpperCase()) return v;
  const small = new Set(['rue', 'avenue', 'boulevard', 'bd', 'place', 'quai', 'de', 'du', 'des', 'la', 'le', 'les']);
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return v
    .toLowerCase()
    .split(' ')
    .map((w) => {
      const elided = /^([dl]')(.+)$/.exec(w);
      if (elided) return `${elided[1]}${capital(elided[2]!)}`;
      return small.has(w) || /^\d/.test(w) ? w : capital(w);
    })
    .join(' ');
}
