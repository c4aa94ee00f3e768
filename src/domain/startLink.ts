/**
 * What a poster's QR code opens: `https://t.me/<bot>?start=<payload>`. Telegram allows 64 characters of
 * [A-Za-z0-9_-] after `start=`: the quartier id, then, for a poster in a building's hall, the short code under
 * which the building's address is stored (poster_buildings) after an underscore (quartier ids have none).
 */
export const BUILDING_CODE = /^[A-Za-z0-9]{10}$/;

export function startPayload(quartierId: string, buildingCode?: string): string {
  return buildingCode && BUILDING_CODE.test(buildingCode) ? `${quartierId}_${buildingCode}` : quartierId;
}

export function telegramStartLink(botUsername: string, quartierId: string, buildingCode?: string): string {
  return `https://t.me/${botUsername}?start=${startPayload(quartierId, buildingCode)}`;
}

/**
 * "ilot-13_Ab3dE6gH9k" → the quartier id and the building's code. Posters printed before the codes carried the
 * address itself in base64url: still read, as `building`, for the code lookup to fall back on.
 */
export function readStartPayload(payload: string): { quartier: string; code?: string; building?: string } {
  const [quartier = '', encoded] = payload.trim().split('_', 2);
  if (!encoded) return { quartier: quartier.toLowerCase() };
  const code = BUILDING_CODE.test(encoded) ? encoded : undefined;
  const building = Buffer.from(encoded, 'base64url').toString('utf8').trim();
  // A forged payload may decode to anything: only a short line of ordinary characters is kept as an address.
  const plain = building.length <= 60 && /^[\p{L}\p{N} ,.'’-]+$/u.test(building);
  return { quartier: quartier.toLowerCase(), code, building: plain ? building : undefined };
}
