import { z } from 'zod';
import { sql } from 'kysely';
import type { Db } from '../../storage/database.js';
import { preparedQuery } from '../../storage/preparedQuery.js';
import { insertByColumns, onConflictUpdate, readTogether, writeTogether } from '../../storage/together.js';
import type { NetworkMembersTable } from '../../storage/schema.js';
import type { AuditLog } from '../../storage/auditLog.js';
import type { PeopleDirectory } from '../../storage/people.js';
import { addressKeys, type VolunteerMatching } from './volunteerMatching.js';
import { canonicalAddress, splitAddress } from '../../domain/streets.js';
import { seal, unseal } from '../../domain/secretBox.js';

export const NETWORK_ROLES = ['supported', 'volunteer', 'relay_building', 'relay_school'] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];
export const AVAILABILITIES = ['weekdays', 'evenings', 'weekends', 'anytime'] as const;
export type Availability = (typeof AVAILABILITIES)[number];
/** One or several availabilities, joined by commas ("evenings,weekends"). */
export const AvailabilitySchema = z
  .string()
  .refine((v) => v.split(',').every((a) => (AVAILABILITIES as readonly string[]).includes(a)));
export const NEEDS = ['alone', 'mobility', 'both', 'none'] as const;

/** Bump when the consent wording in the locale files changes, so we know what each person agreed to. */
export const CONSENT_VERSION = 'reseau-canicule-v1';

export const MembershipSchema = z.object({
  quartier: z.string().min(1),
  role: z.enum(NETWORK_ROLES),
  address: z.string().min(6).max(150),
  phone: z
    .string()
    .regex(/^\+33\d{9}$/)
    .nullable(),
  availability: AvailabilitySchema.nullable(),
  needs: z.enum(NEEDS).nullable(),
  /** The name they want to be called by; where exactly (people supported); the entry code or interphone name. */
  name: z.string().max(60).nullable().default(null),
  building: z.string().max(60).nullable().default(null),
  floor: z.string().max(60).nullable().default(null),
  door: z.string().max(60).nullable().default(null),
  entryCode: z.string().max(60).nullable().default(null),
});
export type Membership = z.infer<typeof MembershipSchema>;
export type MembershipInput = z.input<typeof MembershipSchema>;

export interface StoredMembership extends Membership {
  personId: string;
  /** The street's postcode, from the quartiers' streets (or typed); null when unknown. */
  postcode: string | null;
  consentVersion: string;
  consentAt: string;
  createdAt: string;
  updatedAt: string;
}

/** The neighbourhood heat-wave support network: who joined, as what, and how to reach them. */
export class SupportNetwork {
  /**
   * Read at most updates (the menu, /mesdonnees, the FAQ's quartier): compiled once (preparedQuery), and on
   * PostgreSQL one statement for the updates handled together (readTogether).
   */
  private readonly membershipOf: (personId: string) => Promise<NetworkMembersTable | undefined>;
  /** A membership written (joined, changed): gathered the same way. */
  private readonly upsert: (row: Required<NetworkMembersTable>) => Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly people: PeopleDirectory,
    private readonly audit: AuditLog,
    private readonly matching: VolunteerMatching,
    private readonly now: () => Date,
    /** DATA_KEY: entry codes are sealed with it; without it none is kept. */
    private readonly dataKey?: Buffer,
  ) {
    const one = preparedQuery(db, (v: { personId: string }) =>
      db.selectFrom('network_members').selectAll().where('person_id', '=', v.personId),
    );
    const many = preparedQuery(db, (v: { personIds: string[] }) =>
      db.selectFrom('network_members').selectAll().where('person_id', '=', sql<string>`any(${v.personIds})`),
    );
    this.upsert = writeTogether(
      db,
      ({ person_id, created_at, ...changed }) =>
        db
          .insertInto('network_members')
          .values({ person_id, created_at, ...changed })
          .onConflict((oc) => oc.column('person_id').doUpdateSet(changed))
          .execute(),
      (rows) => {
        // The columns `join` writes; on conflict, all but the person and when they first joined.
        const columns = Object.keys(rows[0]!) as (keyof NetworkMembersTable)[];
        const changed = columns.filter((c) => c !== 'person_id' && c !== 'created_at');
        const conflict = onConflictUpdate('person_id', changed);
        return insertByColumns<Required<NetworkMembersTable>>(db, 'network_members', columns, conflict)(rows);
      },
      (row) => row.person_id,
    );
    this.membershipOf = readTogether(
      db,
      async (ids) => (typeof ids === 'string' ? await one({ personId: ids }) : await many({ personIds: ids })).rows,
      (row) => row.person_id,
    );
  }

  private uncoveredHook?: (quartier: string, supportedIds: string[]) => Promise<void>;

  /** Who is told when people supported are left without any volunteer (set once the queues exist). */
  onUncovered(hook: (quartier: string, supportedIds: string[]) => Promise<void>): void {
    this.uncoveredHook = hook;
  }

  /** Joins, or updates an existing membership; consent is recorded with its version and time. */
  async join(personId: string, input: MembershipInput): Promise<StoredMembership> {
    const m = MembershipSchema.parse(input);
    const at = this.now().toISOString();
    const existing = await this.get(personId);
    // No longer a volunteer there (another role, another quartier): their people need someone else.
    const gone = existing?.role === 'volunteer' && (m.role !== 'volunteer' || m.quartier !== existing.quartier);
    const watched = gone ? await this.dropVolunteer(personId) : [];
    const values = {
      quartier: m.quartier,
      role: m.role,
      address: m.address,
      phone: m.phone,
      availability: m.availability,
      needs: m.needs,
      display_name: m.name,
      building: m.building,
      floor: m.floor,
      door: m.door,
      entry_code: m.entryCode && this.dataKey ? seal(this.dataKey, m.entryCode) : null,
      postcode: canonicalAddress(m.address, m.quartier)?.postcode ?? splitAddress(m.address).postcode,
      consent_version: CONSENT_VERSION,
      consent_at: at,
      updated_at: at,
    };
    await this.upsert({ person_id: personId, created_at: at, ...values });
    await this.audit.record(personId, existing ? 'network.update' : 'network.join', {
      quartier: m.quartier,
      role: m.role,
      consent: CONSENT_VERSION,
    });
    // A new person supported or a new volunteer may complete someone's pair.
    if (m.role === 'supported' || m.role === 'volunteer') await this.matching.rematch(m.quartier);
    if (existing && gone) await this.volunteerGone(existing.quartier, watched);
    return (await this.get(personId))!;
  }

  async get(personId: string): Promise<StoredMembership | undefined> {
    const r = await this.membershipOf(personId);
    if (!r) return undefined;
    return {
      personId: r.person_id,
      quartier: r.quartier,
      role: r.role as NetworkRole,
      address: r.address,
      phone: r.phone,
      availability: r.availability as Membership['availability'],
      needs: r.needs as Membership['needs'],
      name: r.display_name ?? null,
      building: r.building ?? null,
      floor: r.floor ?? null,
      door: r.door ?? null,
      entryCode: r.entry_code && this.dataKey ? (unseal(this.dataKey, r.entry_code) ?? null) : null,
      postcode: r.postcode ?? null,
      consentVersion: r.consent_version,
      consentAt: r.consent_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  /** Leaves the network: every personal row goes (membership, flow state, the person itself). */
  async erase(personId: string): Promise<void> {
    const m = await this.get(personId);
    const watched = m?.role === 'volunteer' ? await this.dropVolunteer(personId) : [];
    await this.db.deleteFrom('network_members').where('person_id', '=', personId).execute();
    await this.db.deleteFrom('deliveries').where('person_id', '=', personId).execute();
    await this.people.delete(personId);
    if (m) await this.volunteerGone(m.quartier, watched); // their supported neighbours need another volunteer
    await this.audit.record(personId, 'network.leave', { quartier: m?.quartier ?? null });
  }

  /** A volunteer the platform says is gone for good (bot blocked, account deleted): nobody counts on them. */
  async unreachable(personId: string): Promise<void> {
    const m = await this.get(personId);
    if (m?.role !== 'volunteer') return;
    await this.volunteerGone(m.quartier, await this.dropVolunteer(personId));
  }

  /** Unpairs a volunteer; returns the people supported they were watching over. */
  private async dropVolunteer(volunteerId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('matches')
      .select('supported_id')
      .where('volunteer_id', '=', volunteerId)
      .execute();
    await this.db.deleteFrom('matches').where('volunteer_id', '=', volunteerId).execute();
    return rows.map((r) => r.supported_id);
  }

  /** Others are paired where possible; whoever is left with nobody is reported to the eco-managers at once. */
  private async volunteerGone(quartier: string, watched: string[]): Promise<void> {
    if (!watched.length) return;
    await this.matching.rematch(quartier);
    const uncovered: string[] = [];
    for (const id of watched) if (!(await this.matching.volunteersOf(id)).length) uncovered.push(id);
    if (uncovered.length) await this.uncoveredHook?.(quartier, uncovered);
  }

  /** Who could cover a person supported: reachable volunteers and building relays of the same building, then street. */
  async coverFor(m: { personId: string; address: string }): Promise<{ name: string | null; address: string }[]> {
    const keys = addressKeys(m.address);
    const rows = await this.db
      .selectFrom('network_members as n')
      .innerJoin('people as p', 'p.id', 'n.person_id')
      .select(['n.person_id', 'n.address', 'n.display_name'])
      .where('n.role', 'in', ['volunteer', 'relay_building'])
      .where('p.unreachable_at', 'is', null)
      .where('n.person_id', '!=', m.personId)
      .execute();
    const near = rows.map((r) => ({ r, k: addressKeys(r.address) }));
    return [...near.filter((x) => x.k.building === keys.building), ...near.filter((x) => x.k.street === keys.street)]
      .filter((x, i, all) => all.findIndex((y) => y.r.person_id === x.r.person_id) === i)
      .slice(0, 3)
      .map((x) => ({ name: x.r.display_name ?? null, address: x.r.address }));
  }
}
