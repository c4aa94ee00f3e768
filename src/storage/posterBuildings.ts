import { randomBytes } from 'node:crypto';
import { BUILDING_CODE } from '../domain/startLink.js';
import type { Db } from './database.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 62^10 codes: not guessable by trying, and a start payload of at most 25 + 11 characters. */
const CODE_LENGTH = 10;
/** The longest building line kept (a poster's header line, and the address offered at signup). */
export const MAX_BUILDING = 120;

/** The buildings posters were made for, by short code: what a poster's start link carries. */
export class PosterBuildings {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** The code of this building of this quartier: the same poster printed again keeps the same link. */
  async codeFor(quartier: string, address: string): Promise<string> {
    const line = address.trim().slice(0, MAX_BUILDING);
    const known = await this.find(quartier, line);
    if (known) return known;
    const bytes = randomBytes(CODE_LENGTH);
    const code = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    await this.db
      .insertInto('poster_buildings')
      .values({ code, quartier, address: line, created_at: this.now().toISOString() })
      .onConflict((oc) => oc.columns(['quartier', 'address']).doNothing())
      .execute();
    // Two posters made at once for the same building: whichever code was stored first is the one.
    return (await this.find(quartier, line)) ?? code;
  }

  /** The building behind a code, when it belongs to this quartier. */
  async address(quartier: string, code: string): Promise<string | undefined> {
    if (!BUILDING_CODE.test(code)) return undefined;
    const r = await this.db
      .selectFrom('poster_buildings')
      .select('address')
      .where('code', '=', code)
      .where('quartier', '=', quartier)
      .executeTakeFirst();
    return r?.address;
  }

  private async find(quartier: string, address: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('poster_buildings')
      .select('code')
      .where('quartier', '=', quartier)
      .where('address', '=', address)
      .executeTakeFirst();
    return r?.code;
  }
}
