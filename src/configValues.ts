import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { Duration } from 'luxon';
import { z } from 'zod';
import type { Channel } from './channel.js';

/** Quartiers are configuration, not code: an eco-manager team can rename or add one via QUARTIERS_JSON. */
export const QuartierSchema = z.object({
  // 22 characters at most: buttons carry a quartier id beside a 36-character one within Telegram's 64 bytes.
  id: z.string().regex(/^[a-z0-9-]{1,22}$/),
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
const ENTRY_SHAPE = {
  telegram: 'telegram:<user id>:<quartier>[+<quartier>…]',
  slack: 'slack:<member id>:<quartier>[+<quartier>…]',
  terminal: 'terminal:<TERMINAL_USER>:<quartier>[+<quartier>…]',
};

/**
 * `terminalUser` is the terminal chat's identity (TERMINAL_USER or the login name), named in the error when an
 * entry has none — typically `terminal:$USER:ilot-13` in a shell where $USER is empty.
 */
export function parseEcoManagers(raw: string | undefined, quartierIds: string[], terminalUser?: string) {
  if (!raw?.trim()) return [];
  return raw.split(',').map((entry): EcoManagerConfig => {
    const [channel, userId, list] = entry.trim().split(':');
    if (channel !== 'telegram' && channel !== 'slack' && channel !== 'terminal') {
      throw new ConfigError(
        `ECO_MANAGERS: "${entry}" should start with telegram:, slack: or terminal: (e.g. ${ENTRY_SHAPE.telegram})`,
      );
    }
    if (channel === 'terminal' && !userId?.trim()) {
      const here = terminalUser ? ` Here the terminal chat's identity is "${terminalUser}".` : '';
      throw new ConfigError(
        `ECO_MANAGERS: "${entry}" names no terminal identity (an empty $USER?): write ${ENTRY_SHAPE.terminal}, ` +
          `the same identity as TERMINAL_USER.${here}`,
      );
    }
    if (!userId || !list) throw new ConfigError(`ECO_MANAGERS: "${entry}" should look like ${ENTRY_SHAPE[channel]}`);
    const quartiers = list.split('+');
    const unknown = quartiers.filter((q) => !quartierIds.includes(q));
    if (unknown.length) throw new ConfigError(`ECO_MANAGERS: unknown quartier(s) ${unknown.join(', ')} in "${entry}"`);
    return { channel, userId, quartiers };
  });
}

export class ConfigError extends Error {}

/** The terminal chat's identity when TERMINAL_USER is not set (see bots/terminal/terminalChat.ts). */
export function loginName(): string {
  try {
    return userInfo().username || 'local';
  } catch {
    return 'local';
  }
}

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

/** The web console's settings once CONSOLE_PORT is set: links point to CONSOLE_URL, else to the port itself. */
export function consoleConfig(port: number, host: string, url: string | undefined, loginsPer15Minutes: number) {
  return { port, host, url: (url ?? `http://${host}:${port}`).replace(/\/+$/, ''), loginsPer15Minutes };
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
