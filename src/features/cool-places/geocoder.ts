import { z } from 'zod';
import { distanceMetres, type LatLon } from './geo.js';

/**
 * The national address API (api-adresse.data.gouv.fr, `ADRESSE_API_URL`): `/search/?q=…&limit=1` answers
 * GeoJSON features with geometry.coordinates [lon, lat] and properties.score. Used when reachable; a slow or
 * absent answer (the timeout is short: a resident is waiting) leaves the quartier's centre in its place.
 */
export interface Geocoder {
  /** The building's position, or undefined when the API does not know it well enough or does not answer. */
  locate: (address: string, near: LatLon) => Promise<LatLon | undefined>;
}

const Answer = z.object({
  features: z.array(
    z.object({
      geometry: z.object({ coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({ score: z.number() }).loose(),
    }),
  ),
});

export interface GeocoderOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Below this score the API is guessing (a street of the same name elsewhere). */
  minScore?: number;
  /** An answer farther than this from the quartier is another street of that name: ignored. */
  maxMetres?: number;
  fetch?: typeof fetch;
}

export function addressGeocoder(options: GeocoderOptions): Geocoder {
  const { baseUrl, timeoutMs = 1500, minScore = 0.5, maxMetres = 3000 } = options;
  const get = options.fetch ?? fetch;
  // The same members ask again during an alert: their building does not move (bounded, oldest dropped first).
  const cache = new Map<string, LatLon | undefined>();
  return {
    async locate(address, near) {
      const key = address.trim().toLowerCase();
      if (cache.has(key)) return cache.get(key);
      const query = /\bparis\b|\b75\d{3}\b/i.test(address) ? address : `${address}, Paris`;
      const url = `${baseUrl.replace(/\/+$/, '')}/search/?q=${encodeURIComponent(query)}&limit=1`;
      let found: LatLon | undefined;
      try {
        const res = await get(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) return undefined; // not cached: a passing outage
        const parsed = Answer.safeParse(await res.json());
        const best = parsed.success ? parsed.data.features[0] : undefined;
        if (best && best.properties.score >= minScore) {
          const [lon, lat] = best.geometry.coordinates;
          if (distanceMetres({ lat, lon }, near) <= maxMetres) found = { lat, lon };
        }
      } catch {
        return undefined; // timeout or network: the quartier's centre will do this time
      }
      if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
      cache.set(key, found);
      return found;
    },
  };
}
