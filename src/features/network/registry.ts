import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { Db } from '../../storage/database.js';
import { PARIS_ZONE } from '../../domain/parisTime.js';
import { formatFrenchPhone } from '../../domain/phone.js';
import type { RegistryEntriesTable } from '../../storage/schema.js';
import { keyIn, readTogether, runTogether } from '../../storage/together.js';

/** Who asks for the registration: the person, someone close, or a third party (doctor, social worker…). */
export const REQUESTERS = ['self', 'relative', 'third'] as const;
export type Requester = (typeof REQUESTERS)[number];

/** The registry's own fields, given only by those who consented (REGISTRY_EXPORT=on). */
export interface RegistryEntry {
  lastName: string;
  firstName: string;
  /** dd/mm/yyyy, when given. */
  birthDate: string | null;
  homeHelp: string | null;
  emergencyContact: string | null;
  requester: Requester;
  /** E.164; asked only when the network's contact is this chat only (the mairie calls). */
  phone?: string | null;
}

/** The columns of the mairie's registry of vulnerable persons (plan canicule), in its words. */
const COLUMNS = [
  'nom',
  'prénom',
  'date de naissance',
  'adresse',
  'code postal',
  'téléphone',
  "service d'aide à domicile",
  'personne à prévenir',
  'date de la demande',
  'qualité du demandeur',
] as const;

const REQUESTER_LABELS: Record<Requester, string> = {
  self: 'la personne elle-même',
  relative: 'un proche',
  third: 'un tiers (médecin, service social…)',
};

/**
 * The separate consent to be passed to the mairie's registry, and its fields. Kept apart from the membership:
 * joining the network never implies it; leaving the network (or answering "no" later) erases it.
 */
export class MairieRegistry {
  /** Read by /mesdonnees: on PostgreSQL one statement for the updates handled together. */
  private readonly entryOf: (personId: string) => Promise<RegistryEntriesTable | undefined>;
  /** Also at each signup's end (no registry consent): gathered the same way. */
  private readonly removeEntry: (personId: string) => Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.entryOf = readTogether(
      db,
      (ids) => db.selectFrom('registry_entries').selectAll().where('person_id', '=', keyIn(ids)).execute(),
      (row) => row.person_id,
    );
    this.removeEntry = runTogether(db, (ids) =>
      db.deleteFrom('registry_entries').where('person_id', '=', keyIn(ids)).execute(),
    );
  }

  async save(personId: string, entry: RegistryEntry): Promise<void> {
    const row = {
      last_name: entry.lastName,
      first_name: entry.firstName,
      birth_date: entry.birthDate,
      home_help: entry.homeHelp,
      emergency_contact: entry.emergencyContact,
      requester: entry.requester,
      phone: entry.phone ?? null,
    };
    await this.db
      .insertInto('registry_entries')
      .values({ person_id: personId, ...row, consent_at: this.now().toISOString() })
      .onConflict((oc) => oc.column('person_id').doUpdateSet(row))
      .execute();
  }

  async get(personId: string): Promise<(RegistryEntry & { consentAt: string }) | undefined> {
    const r = await this.entryOf(personId);
    return r && { ...toEntry(r), consentAt: r.consent_at };
  }

  /** The consent withdrawn: the fields go at once. */
  async remove(personId: string): Promise<void> {
    await this.removeEntry(personId);
  }

  /** The registry's CSV for one quartier: only people supported who consented; the count with it. */
  async csv(quartier: string): Promise<{ csv: string; count: number }> {
    const rows = await this.db
      .selectFrom('registry_entries')
      .innerJoin('network_members', 'network_members.person_id', 'registry_entries.person_id')
      .selectAll('registry_entries')
      .select(['network_members.address', 'network_members.phone as memberPhone', 'network_members.postcode'])
      .select(['network_members.building', 'network_members.floor', 'network_members.door'])
      .where('network_members.quartier', '=', quartier)
      .where('network_members.role', '=', 'supported')
      .orderBy('registry_entries.last_name')
      .orderBy('registry_entries.first_name')
      .execute();
    const records = rows.map((r) => {
      const e = toEntry(r);
      const cells = [
        e.lastName,
        e.firstName,
        e.birthDate ?? '',
        // The building, floor and door with the address; the person's own number (theirs or given for the registry).
        [r.address, r.building && `bât./esc. ${r.building}`, r.floor && `étage ${r.floor}`, r.door && `porte ${r.door}`]
          .filter(Boolean)
          .join(', '),
        r.postcode ?? '',
        r.memberPhone || r.phone ? formatFrenchPhone((r.memberPhone || r.phone)!) : '',
        e.homeHelp ?? '',
        e.emergencyContact ?? '',
        DateTime.fromISO(r.consent_at, { zone: PARIS_ZONE }).toFormat('dd/MM/yyyy'),
        REQUESTER_LABELS[e.requester],
      ];
      return cells.map(asText);
    });
    // Semicolons and a BOM: what a French spreadsheet opens without an import dialog.
    const csv = stringify(records, { header: true, columns: [...COLUMNS], delimiter: ';', bom: true });
    return { csv, count: rows.length };
  }
}

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe, so what a
 * resident typed as a name or a contact is shown as text and never run when the mairie opens the file.
 */
export function asText(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function toEntry(r: Omit<RegistryEntriesTable, 'person_id' | 'consent_at'>): RegistryEntry {
  return {
    lastName: r.last_name,
    firstName: r.first_name,
    birthDate: r.birth_date,
    homeHelp: r.home_help,
    emergencyContact: r.emergency_contact,
    requester: (REQUESTERS as readonly string[]).includes(r.requester) ? (r.requester as Requester) : 'self',
    phone: r.phone ?? null,
  };
}
