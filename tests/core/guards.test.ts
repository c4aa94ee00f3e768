import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, joinAsSupported, texts } from '../support/context.js';
import { DB_KINDS } from '../support/env.js';

describe.each(DB_KINDS)('guards against abuse and bad input (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    // 15 a minute: a whole signup of someone supported (12 messages) fits.
    app = await createTestApp(kind, { RATE_LIMIT_PER_MINUTE: '15', ECO_MANAGERS: 'telegram:9001:ilot-13' });
  });
  afterEach(() => app.close());

  it('every update counts against the flood limit: stickers, over-long messages, group commands', async () => {
    const sticker = app.person('stickers', 'telegram');
    const replies = [];
    for (let i = 0; i < 20; i++) {
      const unsupported = (['media', 'too_long', 'group'] as const)[i % 3];
      replies.push(await sticker.send({ kind: 'unsupported', unsupported }));
    }
    expect(replies.slice(0, 15).every((r) => r.length === 1)).toBe(true);
    expect(texts(replies[15]!)).toMatch(/très vite/);
    expect(replies.slice(16).every((r) => r.length === 0)).toBe(true);
  });

  it('a forged meeting button of another quartier registers nobody', async () => {
    const eco = await app.ctx.people.findOrCreate('telegram', '9001', '9001', 'fr');
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const m = await app.ctx.meetings.create(
      {
        kind: 'balade',
        title: 'Balade Ilot 13',
        quartier: 'ilot-13',
        place: 'Square',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3600_000),
        capacity: null,
        invite: { audience: 'none' },
        reminders: [],
      },
      eco.id,
    );
    const resident = await app.ctx.people.findOrCreate('telegram', 'bb', 'bb', 'fr');
    await app.ctx.network.join(resident.id, {
      quartier: 'bas-belleville',
      role: 'volunteer',
      address: '3 rue Ramponeau',
      phone: null,
      availability: 'anytime',
      needs: null,
    });
    const answer = texts(
      await app.person('bb', 'telegram').send({ kind: 'choice', choice: `meeting:register:${m.id}` }),
    );
    expect(answer).not.toMatch(/inscrit/i);
    expect(await app.ctx.meetings.registrationOf(m.id, resident.id)).toBeUndefined();
    expect(await app.ctx.audit.list('meeting.denied')).toHaveLength(1);
    // A resident of Ilot 13 registers with the same button.
    const neighbour = await app.ctx.people.findOrCreate('telegram', 'i13', 'i13', 'fr');
    await app.ctx.network.join(neighbour.id, {
      quartier: 'ilot-13',
      role: 'volunteer',
      address: '5 rue des Lilas',
      phone: null,
      availability: 'anytime',
      needs: null,
    });
    await app.person('i13', 'telegram').send({ kind: 'choice', choice: `meeting:register:${m.id}` });
    expect(await app.ctx.meetings.registrationOf(m.id, neighbour.id)).toBe('registered');
  });

  it('an address with NUL, BEL, a bidi override and zero-width characters is stored clean, and Confirmer works', async () => {
    const p = app.person('hygiene');
    expect(texts(await joinAsSupported(p, '12\u0000 rue\u0007 \u202eRamponeau\u200b\u2066'))).toMatch(/enregistré/);
    const person = await app.ctx.people.find('terminal', 'hygiene');
    const stored = (await app.ctx.network.get(person!.id))!.address;
    expect(stored).toMatch(/^12 rue Ramponeau$/);
  });

  it(
    '/lier codes are 8 symbols; after 5 wrong tries in an hour ' +
      'even the right code is refused, and the lockout is audited',
    async () => {
      const owner = app.person('owner', 'telegram');
      const issued = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(texts(await owner.say('/lier')))?.[1];
      expect(issued).toBeDefined();
      const attacker = app.person('UATTACK', 'slack');
      for (let i = 0; i < 5; i++)
        expect(texts(await attacker.say(`/lier ${String(i).padStart(8, '7')}`))).toMatch(/pas valable/);
      expect(texts(await attacker.say(`/lier ${issued}`))).toMatch(/Trop d'essais/);
      expect(await app.ctx.audit.list('identity.link.lockout')).toHaveLength(1);
      expect(await app.ctx.audit.list('identity.linked')).toHaveLength(0);
    },
  );

  it('the owner of a /lier code is told in their chat when another account is linked with it', async () => {
    const owner = app.person('owner2', 'telegram');
    const issued = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(texts(await owner.say('/lier')))![1]!;
    expect(texts(await app.person('UOTHER', 'slack').say(`/lier ${issued.toLowerCase().replace('-', ' ')}`))).toMatch(
      /liés/,
    );
    const ownerId = (await app.ctx.people.find('telegram', 'owner2'))!.id;
    const notice = await app.ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('person_id', '=', ownerId)
      .where('kind', '=', 'link-notice')
      .execute();
    expect(notice).toHaveLength(1);
  });
});
