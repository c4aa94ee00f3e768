import { createHash } from 'node:crypto';
import { Duration } from 'luxon';
import { z } from 'zod';
import type { Channel } from './channel.js';

/** Quartiers are configuration, not code: an eco-manager team can rename or add one via QUARTIERS_JSON. */
export const QuartierSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  arrondissement: z.string().min(1),
  contact: z.string().min(1),
});
export type Quartier = z.infer<typeof QuartierSchema>;

/** The quartiers of a default install (QUARTIERS_JSON replaces them). */
export const DEFAULT_QUARTIERS: { id: string; name: string; arrondissement: string; contact: string }[] = [
  { id: 'ilot-13', name: 'Ilot 13', arrondissement: '13e', contact: 'eco-gestionnaire.ilot13@example.org' },
  { id: 'rosa-parks', name: 'Rosa Parks', arrondissement: '19e', contact: 'eco-gestionnaire.rosaparks@example.org' },
  {
    id: 'bas-belleville',
    name: 'Bas-Belleville',
    arrondissement: '20e',
    contact: 'eco-gestionnaire.basbelleville@example.org',
  },
];

/** The parsers of config.ts for values that are more than one zod type: lists, durations, times. */

export interface EcoManagerConfig {
  channel: Channel;
  userId: string;
  quartiers: string[];
}

/** "telegram:123:ilot-13+bas-belleville,slack:U42:rosa-parks" → entries; unknown quartiers are refused. */
export function parseEcoManagers(raw: string | undefined, quartierIds: string[]): EcoManagerConfig[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((entry) => {
    const [channel, userId, list] = entry.trim().split(':');
    if ((channel !== 'telegram' && channel !== 'slack' && channel !== 'terminal') || !userId || !list) {
      throw new ConfigError(`ECO_MANAGERS: "${entry}" should look like telegram:<user id>:<quartier>[+<quartier>…]`);
    }
    const quartiers = list.split('+');
    const unknown = quartiers.filter((q) => !quartierIds.includes(q));
    if (unknown.length) throw new ConfigError(`ECO_MANAGERS: unknown quartier(s) ${unknown.join(', ')} in "${entry}"`);
    return { channel, userId, quartiers };
  });
}

export class ConfigError extends Error {}

export function parseDurations(raw: string): string[] {
  const list = raw
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const d of list)
    if (!Duration.fromISO(d).isValid)
      throw new ConfigError(`MEETING_REMINDERS: "${d}" is not an ISO-8601 duration (e.g. P2D, PT2H)`);
  return list;
}

export function parseTimes(raw: string): string[] {
  const times = raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of times)
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t)) throw new ConfigError(`CHECKIN_TIMES: "${t}" is not HH:MM`);
  return times;
}

/** Telegram only allows [A-Za-z0-9_-] in secret_token; derive a stable one from the bot token. */
export function deriveSecret(token: string): string {
  return `relais_${createHash('sha256').update(token).digest('hex').slice(0, 40)}`;
}

/** "10.0.0.1:7000,10.0.0.2:7000" → seed nodes of a Redis Cluster (the others are discovered). */
export function parseClusterNodes(raw: string | undefined, url: string | undefined) {
  if (!raw?.trim()) return undefined;
  if (url) throw new ConfigError('REDIS_URL and REDIS_CLUSTER_NODES are both set: keep one');
  return raw.split(',').map((entry) => {
    const m = /^\s*([^\s:]+):(\d{1,5})\s*$/.exec(entry);
    if (!m) throw new ConfigError(`REDIS_CLUSTER_NODES: "${entry}" should look like host:port`);
    return { host: m[1]!, port: Number(m[2]) };
  });
}

/** A feature's part of the environment: a zod schema over its variables (declared in its folder). */
export interface FeatureConfig {
  feature: string;
  schema: { safeParse: (env: unknown) => SafeParsed };
}
type SafeParsed =
  | { success: true; data: unknown }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

/** Each feature's variables parsed once at start, by feature; one error lists every invalid one. */
export function parseFeatureConfigs(env: NodeJS.ProcessEnv, features: FeatureConfig[]): Record<string, unknown> {
  const parsed = features.map((f) => ({ f, r: f.schema.safeParse(env) }));
  const issues = parsed.flatMap(({ r }) =>
    r.success ? [] : r.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`),
  );
  if (issues.length) throw new ConfigError(`Invalid configuration:\n  ${issues.join('\n  ')}`);
  return Object.fromEntries(parsed.map(({ f, r }) => [f.feature, r.success ? r.data : undefined]));
}
