import type { AppContext } from '../context.js';
import { errorCode } from '../../logger.js';
import {
  currentPeriods,
  LEVEL_OF_COLOUR,
  type ParisCanicule,
  parisCanicule,
  VigilanceMapRefused,
} from './vigilanceMap.js';
import type { Level } from './heatAlerts.js';
import { managersAsPeople } from '../../domain/managers.js';

export type VigilanceDeps = Pick<AppContext, 'config' | 'db' | 'people' | 'queues' | 'logger' | 'now'>;

export interface VigilanceCheck {
  periods: ParisCanicule[];
  /** The level drafted for the eco-managers, when Paris turned (more) yellow, orange or red. */
  drafted?: { level: Level; begin: Date; end: Date; managers: number };
}

export class VigilanceUnavailable extends Error {}

/**
 * Reads Météo-France's vigilance map and, when Paris's canicule colour for today or tomorrow rises to yellow,
 * orange or red, sends every eco-manager a ready draft of the alert (never the alert itself). A fetch or an
 * answer that cannot be read throws (the job retries) and never drafts anything.
 */
export async function checkVigilance(deps: VigilanceDeps): Promise<VigilanceCheck> {
  const { vigilance } = deps.config;
  if (!vigilance) throw new VigilanceUnavailable('VIGILANCE_API_KEY is not set');
  let periods: ParisCanicule[];
  try {
    const res = await fetch(vigilance.url, {
      headers: { apikey: vigilance.apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
      // A redirect would carry the API key to wherever it points (fetch keeps custom headers across hosts).
      redirect: 'manual',
    });
    if (res.status >= 300 && res.status < 400)
      throw new VigilanceUnavailable(`Météo-France answered ${res.status}: a redirect, not followed with the key`);
    if (!res.ok) throw new VigilanceUnavailable(`Météo-France answered ${res.status}`);
    periods = parisCanicule(await res.json());
  } catch (err) {
    const event = err instanceof VigilanceMapRefused ? 'VIGILANCE_MAP_REFUSED' : 'VIGILANCE_FETCH_FAILED';
    deps.logger.warn({ code: errorCode(err), event }, 'vigilance map unavailable');
    if (err instanceof VigilanceMapRefused) throw new VigilanceUnavailable(`map refused: ${err.message}`);
    throw err instanceof VigilanceUnavailable ? err : new VigilanceUnavailable('the vigilance map could not be read');
  }
  const current = currentPeriods(periods, deps.now());
  if (current.length < periods.length)
    deps.logger.warn(
      { event: 'VIGILANCE_PERIODS_REFUSED', count: periods.length - current.length },
      'vigilance periods outside today and tomorrow in Paris: ignored',
    );
  periods = current;
  const at = deps.now().toISOString();
  let rising: ParisCanicule | undefined;
  for (const p of periods) {
    const begin = p.begin.toISOString();
    const before = await deps.db
      .selectFrom('vigilance_levels')
      .select('colour')
      .where('period_begin', '=', begin)
      .executeTakeFirst();
    if (p.colour >= 2 && p.colour > (before?.colour ?? 1) && p.colour > (rising?.colour ?? 1)) rising = p;
    await deps.db
      .insertInto('vigilance_levels')
      .values({ period_begin: begin, period_end: p.end.toISOString(), colour: p.colour, checked_at: at })
      .onConflict((oc) => oc.column('period_begin').doUpdateSet({ colour: p.colour, checked_at: at }))
      .execute();
  }
  if (!rising) return { periods };
  const level = LEVEL_OF_COLOUR[rising.colour as 2 | 3 | 4];
  const ref = `${level}|${rising.begin.toISOString()}|${rising.end.toISOString()}`;
  const managers = (await managersAsPeople(deps, deps.config.ecoManagers)).map((person) => ({
    key: `vigilance-${Math.floor(rising.begin.getTime() / 60_000)}-${rising.colour}-${person.id}`,
    kind: 'vigilance-draft' as const,
    ref,
    personId: person.id,
    channel: person.channel,
  }));
  await deps.queues.deliveries.enqueue(managers);
  deps.logger.info({ level, managers: managers.length }, 'vigilance rose: alert drafts sent to the eco-managers');
  return { periods, drafted: { level, begin: rising.begin, end: rising.end, managers: managers.length } };
}
