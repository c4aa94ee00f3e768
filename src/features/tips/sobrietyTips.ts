import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Db } from '../../storage/database.js';
import type { TipSubscriptionsTable } from '../../storage/schema.js';
import { keyIn, readTogether } from '../../storage/together.js';
import type { AuditLog } from '../../storage/auditLog.js';
import { PARIS_ZONE } from '../../domain/parisTime.js';
import { TIP_LIBRARY, type TipEntry, type TipSeason } from './tipLibrary.js';

import { BUSINESS_SECTORS, type BusinessSector } from './tipLibrary.js';

export { BUSINESS_SECTORS, type BusinessSector } from './tipLibrary.js';
export const BUSINESS_SIZES = ['1-9', '10-49', '50+'] as const;
export type BusinessSize = (typeof BUSINESS_SIZES)[number];

export const TipSubscription = z.object({
  quartier: z.string().min(1),
  sector: z.enum(BUSINESS_SECTORS),
  size: z.enum(BUSINESS_SIZES),
  /** 1 = Monday … 7 = Sunday (ISO). */
  weekday: z.number().int().min(1).max(7),
  /** HH:MM in Europe/Paris. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type TipSubscription = z.infer<typeof TipSubscription>;

/** Heating from November to March, heat and cooling from June to September; in between, every tip fits. */
export function seasonOf(date: Date): TipSeason {
  const month = DateTime.fromJSDate(date, { zone: PARIS_ZONE }).month;
  if (month >= 11 || month <= 3) return 'winter';
  if (month >= 6 && month <= 9) return 'summer';
  return 'any';
}

const SIZE_ORDER: BusinessSize[] = [...BUSINESS_SIZES];

/** Tips that fit a business now: the season's and the all-year ones, for its sector (or everyone) and its size. */
export function tipsFor(
  sector: BusinessSector,
  season: TipSeason,
  size: BusinessSize = '1-9',
  library: TipEntry[] = TIP_LIBRARY,
): TipEntry[] {
  return library.filter(
    (tip) =>
      (season === 'any' || tip.season === 'any' || tip.season === season) &&
      (tip.sectors === 'all' || tip.sectors.includes(sector)) &&
      (!tip.minSize || SIZE_ORDER.indexOf(size) >= SIZE_ORDER.indexOf(tip.minSize)),
  );
}

/**
 * Energy-sobriety tips for businesses: who subscribed, and which tip each gets next (no repeat until all were sent).
 */
export class SobrietyTips {
  /** Read by /mesdonnees and the menu: on PostgreSQL one statement for the updates handled together. */
  private readonly subscriptionOf: (personId: string) => Promise<TipSubscriptionsTable | undefined>;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {
    this.subscriptionOf = readTogether(
      db,
      (ids) => db.selectFrom('tip_subscriptions').selectAll().where('person_id', '=', keyIn(ids)).execute(),
      (row) => row.person_id,
    );
  }

  async subscribe(personId: string, input: TipSubscription): Promise<void> {
    const s = TipSubscription.parse(input);
    const row = { quartier: s.quartier, sector: s.sector, size: s.size, weekday: s.weekday, time: s.time };
    await this.db
      .insertInto('tip_subscriptions')
      .values({ person_id: personId, ...row, created_at: this.now().toISOString() })
      .onConflict((oc) => oc.column('person_id').doUpdateSet(row))
      .execute();
    await this.audit.record(personId, 'tips.subscribe', { sector: s.sector, weekday: s.weekday });
  }

  async get(personId: string): Promise<TipSubscription | undefined> {
    const row = await this.subscriptionOf(personId);
    return (
      row && {
        quartier: row.quartier,
        sector: row.sector as BusinessSector,
        size: row.size as BusinessSize,
        weekday: Number(row.weekday),
        time: row.time,
      }
    );
  }

  async unsubscribe(personId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('tip_subscriptions').where('person_id', '=', personId).executeTakeFirst();
    await this.db.deleteFrom('tips_sent').where('person_id', '=', personId).execute();
    if (Number(res.numDeletedRows)) await this.audit.record(personId, 'tips.unsubscribe');
    return Number(res.numDeletedRows) > 0;
  }

  /**
   * Picks this week's tip and records it as sent: one fitting the season and sector not sent yet — the
   * sector's own first, then the general ones. When every fitting tip was sent, a new round starts.
   */
  async next(personId: string, sector: BusinessSector, size: BusinessSize = '1-9'): Promise<TipEntry> {
    const fitting = tipsFor(sector, seasonOf(this.now()), size);
    const sent = new Set(
      (await this.db.selectFrom('tips_sent').select('tip_id').where('person_id', '=', personId).execute()).map(
        (r) => r.tip_id,
      ),
    );
    let fresh = fitting.filter((t) => !sent.has(t.id));
    if (!fresh.length) {
      await this.db
        .deleteFrom('tips_sent')
        .where('person_id', '=', personId)
        .where(
          'tip_id',
          'in',
          fitting.map((t) => t.id),
        )
        .execute();
      fresh = fitting;
    }
    const tip = fresh.find((t) => t.sectors !== 'all') ?? fresh[0]!;
    await this.db
      .insertInto('tips_sent')
      .values({ person_id: personId, tip_id: tip.id, sent_at: this.now().toISOString() })
      .execute();
    return tip;
  }
}
