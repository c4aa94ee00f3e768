/** The sectors tips are written for (the library is keyed by them, so they live here). */
export const BUSINESS_SECTORS = ['bureaux', 'commerce', 'restauration', 'hotellerie', 'autre'] as const;
export type BusinessSector = (typeof BUSINESS_SECTORS)[number];

export type TipSeason = 'winter' | 'summer' | 'any';

export interface TipEntry {
  /** The locale key is `tips.items.<id>` (fr and en). */
  id: string;
  season: TipSeason;
  sectors: BusinessSector[] | 'all';
  /** For teams at least this large (a "référent sobriété" makes no sense for two people). */
  minSize?: '10-49' | '50+';
}

/** The energy-sobriety tips that ship with Relais, written for it; texts live in the locale files. */
export const TIP_LIBRARY: TipEntry[] = [
  { id: 'chauffage-19', season: 'winter', sectors: 'all' },
  { id: 'chauffage-nuit', season: 'winter', sectors: 'all' },
  { id: 'chauffage-radiateurs', season: 'winter', sectors: 'all' },
  { id: 'chauffage-purge', season: 'winter', sectors: 'all' },
  { id: 'chauffage-portes', season: 'winter', sectors: ['commerce'] },
  { id: 'chauffage-rideau-air', season: 'winter', sectors: ['commerce'] },
  { id: 'chauffage-joints', season: 'winter', sectors: 'all' },
  { id: 'chauffage-volets-nuit', season: 'winter', sectors: 'all' },
  { id: 'chauffage-salles-vides', season: 'winter', sectors: ['bureaux'] },
  { id: 'chauffage-chambres', season: 'winter', sectors: ['hotellerie'] },
  { id: 'chauffage-aeration', season: 'winter', sectors: 'all' },
  { id: 'ecs-temperature', season: 'any', sectors: 'all' },
  { id: 'ecs-mitigeurs', season: 'any', sectors: ['hotellerie'] },
  { id: 'ecs-fuites', season: 'any', sectors: 'all' },
  { id: 'eclairage-led', season: 'any', sectors: 'all' },
  { id: 'eclairage-detecteurs', season: 'any', sectors: ['bureaux'] },
  { id: 'eclairage-vitrine', season: 'any', sectors: ['commerce'] },
  { id: 'eclairage-lumiere-jour', season: 'any', sectors: 'all' },
  { id: 'veille-multiprise', season: 'any', sectors: 'all' },
  { id: 'veille-ordinateurs', season: 'any', sectors: ['bureaux'] },
  { id: 'veille-imprimantes', minSize: '10-49', season: 'any', sectors: ['bureaux'] },
  { id: 'froid-vitrines', season: 'any', sectors: ['commerce'] },
  { id: 'froid-givre', season: 'any', sectors: ['restauration'] },
  { id: 'froid-portes', season: 'any', sectors: ['restauration'] },
  { id: 'froid-condenseur', season: 'any', sectors: ['restauration'] },
  { id: 'cuisine-couvercles', season: 'any', sectors: ['restauration'] },
  { id: 'cuisine-allumage', season: 'any', sectors: ['restauration'] },
  { id: 'cuisine-hotte', season: 'any', sectors: ['restauration'] },
  { id: 'cuisine-lave-vaisselle', season: 'any', sectors: ['restauration'] },
  { id: 'linge-plein', season: 'any', sectors: ['hotellerie'] },
  { id: 'clim-26', season: 'summer', sectors: 'all' },
  { id: 'clim-portes', season: 'summer', sectors: ['commerce'] },
  { id: 'chaleur-volets-jour', season: 'summer', sectors: 'all' },
  { id: 'chaleur-nuit', season: 'summer', sectors: 'all' },
  { id: 'chaleur-ventilateur', season: 'summer', sectors: 'all' },
  { id: 'chaleur-equipements', season: 'summer', sectors: ['bureaux'] },
  { id: 'chaleur-horaires', season: 'summer', sectors: 'all' },
  { id: 'chaleur-clients', season: 'summer', sectors: ['commerce'] },
  { id: 'chaleur-chambres', season: 'summer', sectors: ['hotellerie'] },
  { id: 'clim-entretien', season: 'summer', sectors: 'all' },
  { id: 'suivi-compteur', season: 'any', sectors: 'all' },
  { id: 'suivi-referent', minSize: '10-49', season: 'any', sectors: 'all' },
  { id: 'suivi-contrat', season: 'any', sectors: 'all' },
  { id: 'aides-eco-gestionnaire', season: 'any', sectors: 'all' },
  { id: 'ventilation-horaires', minSize: '10-49', season: 'any', sectors: ['bureaux'] },
  { id: 'eau-chasse', season: 'any', sectors: 'all' },
];
