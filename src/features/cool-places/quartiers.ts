import type { LatLon } from './geo.js';

/**
 * Where each quartier is, for the places' import (arrondissement and distance from the centre) and for a
 * resident whose building could not be located. The centres are the quartiers' hearts as the eco-managers
 * describe them; QUARTIERS_JSON installs with other quartiers add theirs here.
 */
export interface QuartierArea {
  centre: LatLon;
  /** The postal codes of its arrondissements, as the open data writes them ("75013"). */
  postcodes: string[];
  /** Places farther than this from the centre are not the quartier's. */
  radiusMetres: number;
}

export const QUARTIER_AREAS: Record<string, QuartierArea> = {
  // Ilot 13: between Place d'Italie and the Butte-aux-Cailles.
  'ilot-13': { centre: { lat: 48.8296, lon: 2.3556 }, postcodes: ['75013'], radiusMetres: 1500 },
  // Rosa Parks: around the Rosa Parks station and boulevard Macdonald.
  'rosa-parks': { centre: { lat: 48.8963, lon: 2.3734 }, postcodes: ['75019'], radiusMetres: 1500 },
  // Bas-Belleville: from Belleville métro up rue de Belleville; the boulevard's south side is in the 11e.
  'bas-belleville': { centre: { lat: 48.8714, lon: 2.3829 }, postcodes: ['75020', '75011'], radiusMetres: 1500 },
};

export function quartierArea(quartier: string): QuartierArea | undefined {
  return QUARTIER_AREAS[quartier];
}
