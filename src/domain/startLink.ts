/**
 * What a poster's QR code opens: `https://t.me/<bot>?start=<payload>`. Telegram allows 64 characters of
 * [A-Za-z0-9_-] after `start=`: the quartier id, then, for a poster in a building's hall, the building's
 * address in base64url after an underscore (quartier ids have none).
 */
const MAX_PAYLOAD = 64;

export function startPayload(quartierId: string, building?: string): string {
  if (!building?.trim()) return quartierId;
  const payload = `${quartierId}_${Buffer.from(building.trim()).toString('base64url')}`;
  return payload.length <= MAX_PAYLOAD ? payload : quartierId;
}

export function telegramStartLink(botUsername: string, quartierId: string, building?: string): string {
  return `https://t.me/${botUsername}?start=${startPayload(quartierId, building)}`;
}

/** "ilot-13_MTIgcnVl…" → the quartier id and the building, when the payload carries one. */
export function readStartPayload(payload: string): { quartier: string; building?: string } {
  const [quartier = '', encoded] = payload.trim().split('_', 2);
  if (!encoded) return { quartier: quartier.toLowerCase() };
  const building = Buffer.from(encoded, 'base64url').toString('utf8').trim();
  // A forged payload may decode to anything: only a short line of ordinary characters is kept as an address.
  const plain = building.length <= 60 && /^[\p{L}\p{N} ,.'’-]+$/u.test(building);
  return { quartier: quartier.toLowerCase(), building: plain ? building : undefined };
}
