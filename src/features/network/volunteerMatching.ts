import type { Db } from '../../storage/database.js';
import { findStreet, splitAddress, streetKey } from '../../domain/streets.js';

/** Why a volunteer is paired with a person: same building, same street, same quartier, or chosen. */
export type PairReason = 'building' | 'street' | 'quartier' | 'manual';

const MAX_VOLUNTEERS = 2;

/**
 * "12 bis rue de Belleville" → building "12 bis rue belleville", street "rue belleville": spellings of one
 * building ("45 r aubervilliers", "45, rue d'Aubervilliers") give the same keys, listed street or not.
 */
export function addressKeys(address: string): { building: string; street: string } {
  const { number, rest } = splitAddress(address);
  const street = streetKey(findStreet(rest)?.name ?? rest);
  return { building: `${number} ${street}`.trim(), street };
}

/**
 * Pairs each person supported with volunteers: same building first, then the same street, then anyone in
 * the quartier. Eco-managers can also set a pair by hand. Nobody's data is shared until an escalation needs it.
 */
export class VolunteerMatching {
  /** Per quartier: the pairing round queued behind the running one, shared by everyone who asks meanwhile. */
  private readonly queued = new Map<string, Promise<number>>();
  /** Per quartier: the last round started or queued. */
  private readonly last = new Map<string, Promise<number>>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Matches every person supported of the quartier who has fewer than two volunteers. Runs at each signup,
   * so it must stay cheap in a large quartier: one query finds who lacks volunteers (usually nobody, or the
   * newcomer); only then are the volunteers read, indexed by building and street, and the pairs written at once.
   *
   * One round per quartier at a time in a process, and those asking while one runs share the next: on
   * PostgreSQL, 200 signups at once each paired the same thousand people lacking volunteers (seconds of CPU,
   * and 10 s for the last signups to be confirmed). Every caller's round starts after it asked, so it sees them.
   */
  rematch(quartier: string): Promise<number> {
    const waiting = this.queued.get(quartier);
    if (waiting) return waiting;
    const ignore = () => {};
    const round = (this.last.get(quartier) ?? Promise.resolve(0)).then(ignore, ignore).then(() => {
      this.queued.delete(quartier);
      return this.pairQuartier(quartier);
    });
    this.queued.set(quartier, round);
    this.last.set(quartier, round);
    round.then(ignore, ignore).then(() => this.last.get(quartier) === round && this.last.delete(quartier));
    return round;
  }

  private async pairQuartier(quartier: string): Promise<number> {
    // Only people supported who still lack volunteers are looked at (usually none, or the one who just joined).
    const supported = await this.db
      .selectFrom('network_members as m')
      .leftJoin('matches as x', 'x.supported_id', 'm.person_id')
      .select(['m.person_id', 'm.address', 'm.created_at'])
      .where('m.quartier', '=', quartier)
      .where('m.role', '=', 'supported')
      .groupBy(['m.person_id', 'm.address', 'm.created_at'])
      .having((eb) => eb.fn.count('x.volunteer_id'), '<', MAX_VOLUNTEERS)
      .orderBy('m.created_at')
      .execute();
    if (!supported.length) return 0;
    // Volunteers the platform says are gone (bot blocked) are not paired: nobody could reach them.
    const volunteers = (
      await this.db
        .selectFrom('network_members as n')
        .innerJoin('people as p', 'p.id', 'n.person_id')
        .select(['n.person_id', 'n.address'])
        .where('n.quartier', '=', quartier)
        .where('n.role', '=', 'volunteer')
        .where('p.unreachable_at', 'is', null)
        .orderBy('n.created_at')
        .execute()
    ).map((v) => ({ id: v.person_id, ...addressKeys(v.address) }));
    if (!volunteers.length) return 0;
    const existing = new Map<string, string[]>();
    for (let i = 0; i < supported.length; i += 500) {
      const ids = supported.slice(i, i + 500).map((s) => s.person_id);
      const pairs = await this.db
        .selectFrom('matches')
        .select(['supported_id', 'volunteer_id'])
        .where('supported_id', 'in', ids)
        .execute();
      for (const [id, ps] of groupBy(pairs, (p) => p.supported_id))
        existing.set(
          id,
          ps.map((p) => p.volunteer_id),
        );
    }
    const inBuilding = groupBy(volunteers, (v) => v.building);
    const onStreet = groupBy(volunteers, (v) => v.street);

    const created: { supported_id: string; volunteer_id: string; reason: PairReason; created_at: string }[] = [];
    const at = this.now().toISOString();
    for (const s of supported) {
      const already = existing.get(s.person_id) ?? [];
      if (already.length >= MAX_VOLUNTEERS) continue;
      const keys = addressKeys(s.address);
      // Same building, then same street (other buildings), then anyone else in the quartier, in signup order.
      const candidates: [(typeof volunteers)[number][], PairReason, (v: (typeof volunteers)[number]) => boolean][] = [
        [inBuilding.get(keys.building) ?? [], 'building', () => true],
        [onStreet.get(keys.street) ?? [], 'street', (v) => v.building !== keys.building],
        [volunteers, 'quartier', (v) => v.street !== keys.street],
      ];
      let missing = MAX_VOLUNTEERS - already.length;
      for (const [list, reason, fits] of candidates) {
        for (const v of list) {
          if (!missing) break;
          if (v.id === s.person_id || already.includes(v.id) || !fits(v)) continue;
          created.push({ supported_id: s.person_id, volunteer_id: v.id, reason, created_at: at });
          already.push(v.id);
          missing--;
        }
      }
    }
    for (let i = 0; i < created.length; i += 500) {
      await this.db
        .insertInto('matches')
        .values(created.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['supported_id', 'volunteer_id']).doNothing())
        .execute();
    }
    return created.length;
  }

  async volunteersOf(supportedId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('matches')
      .select('volunteer_id')
      .where('supported_id', '=', supportedId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => r.volunteer_id);
  }

  /** The people supported a volunteer is paired with: their name only (the address waits for an escalation). */
  async supportedBy(volunteerId: string): Promise<{ name: string | null; reason: PairReason }[]> {
    const rows = await this.db
      .selectFrom('matches')
      .innerJoin('network_members as s', 's.person_id', 'matches.supported_id')
      .select(['s.display_name', 'matches.reason'])
      .where('matches.volunteer_id', '=', volunteerId)
      .orderBy('matches.created_at')
      .execute();
    return rows.map((r) => ({ name: r.display_name ?? null, reason: r.reason as PairReason }));
  }

  async isMatched(supportedId: string, volunteerId: string): Promise<boolean> {
    return (await this.volunteersOf(supportedId)).includes(volunteerId);
  }

  /** An eco-manager's own pairing, replacing the automatic ones. */
  async set(supportedId: string, volunteerIds: string[]): Promise<void> {
    await this.db.deleteFrom('matches').where('supported_id', '=', supportedId).execute();
    for (const id of volunteerIds) {
      await this.db
        .insertInto('matches')
        .values({ supported_id: supportedId, volunteer_id: id, reason: 'manual', created_at: this.now().toISOString() })
        .execute();
    }
  }

  async list(quartier: string): Promise<
    {
      supportedId: string;
      supportedAddress: string;
      supportedName: string | null;
      volunteerId: string;
      volunteerAddress: string;
      volunteerName: string | null;
      reason: PairReason;
    }[]
  > {
    const rows = await this.db
      .selectFrom('matches')
      .innerJoin('network_members as s', 's.person_id', 'matches.supported_id')
      .innerJoin('network_members as v', 'v.person_id', 'matches.volunteer_id')
      .select(['matches.supported_id', 's.address as sa', 'matches.volunteer_id', 'v.address as va', 'matches.reason'])
      .select(['s.display_name as sn', 'v.display_name as vn'])
      .where('s.quartier', '=', quartier)
      .execute();
    return rows.map((r) => ({
      supportedId: r.supported_id,
      supportedAddress: r.sa,
      supportedName: r.sn ?? null,
      volunteerId: r.volunteer_id,
      volunteerAddress: r.va,
      volunteerName: r.vn ?? null,
      reason: r.reason as PairReason,
    }));
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
