import type { Db } from '../../storage/database.js';
import { foldText } from '../../i18n/folding.js';

/** Why a volunteer is paired with a person: same building, same street, same quartier, or chosen. */
export type PairReason = 'building' | 'street' | 'quartier' | 'manual';

const MAX_VOLUNTEERS = 2;

/** "12 bis rue de Belleville" → building "12 bis rue de belleville", street "rue de belleville". */
export function addressKeys(address: string): { building: string; street: string } {
  const building = foldText(address)
    .replace(/\b750\d\d\b/, '')
    .trim();
  const street = building.replace(/^\d+\s*(bis|ter|quater|[a-d])?\s+/, '').trim();
  return { building, street };
}

/**
 * Pairs each person supported with volunteers: same building first, then the same street, then anyone in
 * the quartier. Eco-managers can also set a pair by hand. Nobody's data is shared until an escalation needs it.
 */
export class VolunteerMatching {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Matches every person supported of the quartier who has fewer than two volunteers. */
  async rematch(quartier: string): Promise<number> {
    const members = await this.db
      .selectFrom('network_members')
      .select(['person_id', 'role', 'address'])
      .where('quartier', '=', quartier)
      .where('role', 'in', ['supported', 'volunteer'])
      .execute();
    const volunteers = members
      .filter((m) => m.role === 'volunteer')
      .map((v) => ({ id: v.person_id, ...addressKeys(v.address) }));
    let created = 0;
    for (const s of members.filter((m) => m.role === 'supported')) {
      const existing = await this.volunteersOf(s.person_id);
      if (existing.length >= MAX_VOLUNTEERS) continue;
      const keys = addressKeys(s.address);
      const ranked = [
        ...volunteers.filter((v) => v.building === keys.building).map((v) => ({ v, reason: 'building' })),
        ...volunteers
          .filter((v) => v.building !== keys.building && v.street === keys.street)
          .map((v) => ({ v, reason: 'street' })),
        ...volunteers.filter((v) => v.street !== keys.street).map((v) => ({ v, reason: 'quartier' })),
      ].filter(({ v }) => v.id !== s.person_id && !existing.includes(v.id));
      for (const { v, reason } of ranked.slice(0, MAX_VOLUNTEERS - existing.length)) {
        await this.db
          .insertInto('matches')
          .values({ supported_id: s.person_id, volunteer_id: v.id, reason, created_at: this.now().toISOString() })
          .onConflict((oc) => oc.columns(['supported_id', 'volunteer_id']).doNothing())
          .execute();
        created++;
      }
    }
    return created;
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
      volunteerId: string;
      volunteerAddress: string;
      reason: PairReason;
    }[]
  > {
    const rows = await this.db
      .selectFrom('matches')
      .innerJoin('network_members as s', 's.person_id', 'matches.supported_id')
      .innerJoin('network_members as v', 'v.person_id', 'matches.volunteer_id')
      .select(['matches.supported_id', 's.address as sa', 'matches.volunteer_id', 'v.address as va', 'matches.reason'])
      .where('s.quartier', '=', quartier)
      .execute();
    return rows.map((r) => ({
      supportedId: r.supported_id,
      supportedAddress: r.sa,
      volunteerId: r.volunteer_id,
      volunteerAddress: r.va,
      reason: r.reason as PairReason,
    }));
  }
}
