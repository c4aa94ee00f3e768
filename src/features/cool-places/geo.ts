/** Distances and map links: plain spherical geometry, enough for walking distances inside Paris. */

export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The items nearest `from` first, each with its distance; ties keep their order (then by name upstream). */
export function nearestFirst<T extends LatLon>(items: readonly T[], from: LatLon): (T & { metres: number })[] {
  return items.map((item) => ({ ...item, metres: distanceMetres(from, item) })).sort((a, b) => a.metres - b.metres);
}

/** "350 m", "1,2 km" (French) or "1.2 km" (English): rounded the way one walks. */
export function formatDistance(metres: number, lang: 'fr' | 'en'): string {
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)} m`;
  const km = (Math.round(metres / 100) / 10).toFixed(1);
  return `${lang === 'fr' ? km.replace('.', ',') : km} km`;
}

/** An OpenStreetMap link centred on the point with a marker, at street level. */
export function mapLink(p: LatLon): string {
  const lat = p.lat.toFixed(5);
  const lon = p.lon.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}`;
}

/** The mean of a ring's points: close enough to a park's middle for "where is it" (GeoJSON [lon, lat] pairs). */
export function centroid(points: readonly (readonly number[])[]): LatLon | undefined {
  const valid = points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (!valid.length) return undefined;
  const lon = valid.reduce((s, p) => s + p[0]!, 0) / valid.length;
  const lat = valid.reduce((s, p) => s + p[1]!, 0) / valid.length;
  return { lat, lon };
}
