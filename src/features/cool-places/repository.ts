import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../storage/database.js';
import type { Database } from '../../storage/schema.js';
import type { CoolPlacesDatabase, CoolPlacesTable } from './migration.js';
import type { ImportedPlace } from './openData.js';
import { type CoolPlace, PLACE_KINDS, type PlaceKind, type WeekHours } from './place.js';

/** What an eco-manager can set on a place by hand (everything but its identity and its origin). */
export type PlaceFields = Omit<CoolPlace, 'id' | 'quartier' | 'sourceId' | 'closedOn'>;

export interface ImportOutcome {
  added: number;
  updated: number;
  /** Places of the same data set no longer in the file (closed or moved out of the quartier). */
  removed: number;
}

/** How long a quartier's list is kept for the next message of a broadcast. */
const LIST_FRESH_MS = 1000;

const Interval = z.object({ start: z.number(), end: z.number() });
const Week = z.array(z.array(Interval).nullable()).length(7);

/** The quartiers' cool places. Every method is scoped to a quartier: an eco-manager only touches their own. */
export class CoolPlaces {
  private readonly db: Kysely<Database & CoolPlacesDatabase>;
  private readonly recent = new Map<string, { at: number; version: number; places: Promise<CoolPlace[]> }>();
  /** Bumped by every change made here: what `list` kept is then read again. */
  private version = 0;

  /** A change: `list` keeps nothing it read while the change was under way. */
  private async changing<T>(write: () => Promise<T>): Promise<T> {
    this.version++;
    try {
      return await write();
    } finally {
      this.version++;
    }
  }

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    // The table is the feature's own (its migration is in this folder), not in the shared schema's types.
    this.db = db.withTables<CoolPlacesDatabase>();
  }

  async list(quartier: string): Promise<CoolPlace[]> {
    // A broadcast asks for the same quartier's places once per message (thousands a minute, many at once): read
    // them at most once a second, one read shared by those asking meanwhile; a change made through this
    // repository is seen at once.
    const kept = this.recent.get(quartier);
    if (kept && kept.at > performance.now() - LIST_FRESH_MS && kept.version === this.version)
      return [...(await kept.places)];
    const version = this.version;
    const places = this.read(quartier);
    this.recent.set(quartier, { at: performance.now(), version, places });
    try {
      const read = await places;
      return [...read];
    } catch (err) {
      if (this.recent.get(quartier)?.places === places) this.recent.delete(quartier);
      throw err;
    }
  }

  private async read(quartier: string): Promise<CoolPlace[]> {
    const rows = await this.db.selectFrom('cool_places').selectAll().where('quartier', '=', quartier).execute();
    return rows.map(toPlace).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  async get(quartier: string, id: string): Promise<CoolPlace | undefined> {
    const row = await this.db
      .selectFrom('cool_places')
      .selectAll()
      .where('quartier', '=', quartier)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toPlace(row) : undefined;
  }

  async add(quartier: string, fields: PlaceFields): Promise<CoolPlace> {
    const at = this.now().toISOString();
    const id = randomUUID();
    await this.changing(() =>
      this.db
        .insertInto('cool_places')
        .values({ id, quartier, source_id: null, closed_on: null, ...toRow(fields), created_at: at, updated_at: at })
        .execute(),
    );
    return (await this.get(quartier, id))!;
  }

  /** Changes some fields of one of the quartier's places; undefined when it is not there. */
  async edit(quartier: string, id: string, patch: Partial<PlaceFields>): Promise<CoolPlace | undefined> {
    const current = await this.get(quartier, id);
    if (!current) return undefined;
    await this.changing(() =>
      this.db
        .updateTable('cool_places')
        .set({ ...toRow({ ...current, ...patch }), updated_at: this.now().toISOString() })
        .where('quartier', '=', quartier)
        .where('id', '=', id)
        .execute(),
    );
    return this.get(quartier, id);
  }

  /** Closed for the given Paris day (yyyy-MM-dd), or open again with null. False when the place is not there. */
  async closeFor(quartier: string, id: string, parisDate: string | null): Promise<boolean> {
    const result = await this.changing(() =>
      this.db
        .updateTable('cool_places')
        .set({ closed_on: parisDate, updated_at: this.now().toISOString() })
        .where('quartier', '=', quartier)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) > 0;
  }

  async remove(quartier: string, id: string): Promise<boolean> {
    const result = await this.changing(() =>
      this.db.deleteFrom('cool_places').where('quartier', '=', quartier).where('id', '=', id).executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Brings the quartier's places of one data set in line with a file, in one transaction: new ones added,
   * known ones (same source id) updated in place — keeping a "closed today" —, the set's others removed.
   */
  async replaceImported(quartier: string, dataset: string, places: ImportedPlace[]): Promise<ImportOutcome> {
    const at = this.now().toISOString();
    const prefix = `opendata:${dataset}:`;
    return this.changing(() => this.importInOneTransaction(quartier, prefix, at, places));
  }

  private importInOneTransaction(quartier: string, prefix: string, at: string, places: ImportedPlace[]) {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('cool_places')
        .select(['id', 'source_id'])
        .where('quartier', '=', quartier)
        .where('source_id', 'like', `${prefix}%`)
        .execute();
      const known = new Map(existing.map((r) => [r.source_id!, r.id]));
      const outcome: ImportOutcome = { added: 0, updated: 0, removed: 0 };
      const seen = new Set<string>();
      for (const place of places) {
        if (!place.sourceId?.startsWith(prefix) || seen.has(place.sourceId)) continue;
        seen.add(place.sourceId);
        const id = known.get(place.sourceId);
        if (id) {
          await trx
            .updateTable('cool_places')
            .set({ ...toRow(place), updated_at: at })
            .where('id', '=', id)
            .execute();
          outcome.updated++;
        } else {
          await trx
            .insertInto('cool_places')
            .values({
              id: randomUUID(),
              quartier,
              source_id: place.sourceId,
              closed_on: null,
              ...toRow(place),
              created_at: at,
              updated_at: at,
            })
            .execute();
          outcome.added++;
        }
      }
      const gone = existing.filter((r) => !seen.has(r.source_id!)).map((r) => r.id);
      if (gone.length) await trx.deleteFrom('cool_places').where('id', 'in', gone).execute();
      outcome.removed = gone.length;
      return outcome;
    });
  }
}

const bit = (b: boolean) => (b ? 1 : 0);
const maybeBit = (b: boolean | null) => (b === null ? null : bit(b));
const maybeBool = (n: number | null) => (n === null ? null : Number(n) === 1);

function toRow(p: PlaceFields) {
  return {
    name: p.name,
    kind: p.kind,
    address: p.address,
    lat: p.lat,
    lon: p.lon,
    hours: JSON.stringify(p.hours),
    heat_wave_hours: p.heatWaveHours ? JSON.stringify(p.heatWaveHours) : null,
    night_opening: bit(p.nightOpening),
    open_24h: bit(p.open24h),
    wheelchair: maybeBit(p.wheelchair),
    free: maybeBit(p.free),
    note: p.note,
  };
}

function toPlace(r: Selectable<CoolPlacesTable>): CoolPlace {
  return {
    id: r.id,
    quartier: r.quartier,
    sourceId: r.source_id,
    name: r.name,
    kind: (PLACE_KINDS as readonly string[]).includes(r.kind) ? (r.kind as PlaceKind) : 'other',
    address: r.address,
    lat: Number(r.lat),
    lon: Number(r.lon),
    hours: Week.parse(JSON.parse(r.hours)) as WeekHours,
    heatWaveHours: r.heat_wave_hours ? (Week.parse(JSON.parse(r.heat_wave_hours)) as WeekHours) : null,
    nightOpening: Number(r.night_opening) === 1,
    open24h: Number(r.open_24h) === 1,
    wheelchair: maybeBool(r.wheelchair),
    free: maybeBool(r.free),
    note: r.note,
    closedOn: r.closed_on,
  };
}
