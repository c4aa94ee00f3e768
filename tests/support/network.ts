import type { Channel } from '../../src/channel.js';
import type { Membership } from '../../src/features/network/supportNetwork.js';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../src/features/context.js';
import type { Level } from '../../src/features/heat-alerts/heatAlerts.js';
import type { Db } from '../../src/storage/database.js';

export interface SeedOptions {
  channel?: Channel;
  /** First chat id; people get consecutive ids. */
  firstChatId?: number;
  quartiers: string[];
  roles: string[];
  language?: string;
}

/** Adds `n` network members directly in the database (spread over quartiers and roles); returns their ids. */
export async function seedNetwork(
  db: Db,
  n: number,
  opts: SeedOptions,
): Promise<{ personId: string; chatId: string; quartier: string; role: string }[]> {
  const at = new Date().toISOString();
  const people = Array.from({ length: n }, (_, i) => ({
    personId: randomUUID(),
    chatId: String((opts.firstChatId ?? 100_000) + i),
    quartier: opts.quartiers[i % opts.quartiers.length]!,
    role: opts.roles[Math.floor(i / opts.quartiers.length) % opts.roles.length]!,
  }));
  for (let i = 0; i < people.length; i += 500) {
    const batch = people.slice(i, i + 500);
    await db
      .insertInto('people')
      .values(
        batch.map((p) => ({
          id: p.personId,
          channel: opts.channel ?? 'telegram',
          channel_user_id: p.chatId,
          chat_id: p.chatId,
          language: opts.language ?? 'fr',
          created_at: at,
          unreachable_at: null,
        })),
      )
      .execute();
    await db
      .insertInto('network_members')
      .values(
        batch.map((p, k) => ({
          person_id: p.personId,
          quartier: p.quartier,
          role: p.role,
          address: `${((i + k) % 40) + 1} rue de Test`,
          phone: null,
          availability: p.role === 'volunteer' ? 'anytime' : null,
          needs: p.role === 'supported' ? 'none' : null,
          consent_version: 'test',
          consent_at: at,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
  }
  return people;
}

/** An active one-day alert created by the Telegram eco-manager `managerUserId` (as the /alerte flow would). */
export async function createAlert(
  ctx: AppContext,
  quartiers: string[],
  level: Level = 'orange',
  managerUserId = '9001',
) {
  const manager = await ctx.people.findOrCreate('telegram', managerUserId, managerUserId, 'fr');
  return ctx.alerts.create(
    {
      quartiers,
      audience: 'all',
      level,
      text: '',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 86_400_000),
      checkinPattern: '10:00',
    },
    manager.id,
  );
}

/** How many personal rows there are: what "nothing stored" and "everything erased" are checked against. */
export async function countPersonalRows(db: Db): Promise<{ people: number; flows: number; members: number }> {
  const n = async (table: 'people' | 'flow_states' | 'network_members') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { people: await n('people'), flows: await n('flow_states'), members: await n('network_members') };
}

/** A Telegram person who joined the network in Ilot 13 (a person supported living alone unless told otherwise). */
export async function joinNetwork(
  ctx: Pick<AppContext, 'people' | 'network'>,
  userId: string,
  m: Partial<Membership> = {},
) {
  const p = await ctx.people.findOrCreate('telegram', userId, userId, 'fr');
  await ctx.network.join(p.id, {
    quartier: 'ilot-13',
    role: 'supported',
    address: '5 rue des Lilas',
    phone: null,
    availability: null,
    needs: 'alone',
    ...m,
  });
  return p;
}

/** A balade thermique in Ilot 13 created by eco-manager 9001, starting at `startsAt`, lasting an hour. */
export async function createBalade(
  ctx: Pick<AppContext, 'people' | 'meetings'>,
  startsAt: Date,
  extra: Partial<Parameters<AppContext['meetings']['create']>[0]> = {},
) {
  const creator = await ctx.people.findOrCreate('telegram', '9001', '9001', 'fr');
  return ctx.meetings.create(
    {
      kind: 'balade',
      title: 'Balade thermique',
      quartier: 'ilot-13',
      place: 'Square des Lilas',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      capacity: null,
      invite: { audience: 'none' },
      reminders: ['P2D', 'PT2H'],
      ...extra,
    },
    creator.id,
  );
}
