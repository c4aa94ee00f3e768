import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, texts } from '../../support/context.js';
import type { Membership } from '../../../src/features/network/supportNetwork.js';

describe('eco-managers see and change the pairs of their quartiers (/binomes)', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    app = await createTestApp('postgres', { ECO_MANAGERS: 'telegram:9001:ilot-13,telegram:9002:rosa-parks' });
  });
  afterEach(async () => {
    await app.close();
  });

  const join = async (userId: string, m: Partial<Membership>) => {
    const p = await app.ctx.people.findOrCreate('telegram', userId, userId, 'fr');
    await app.ctx.network.join(p.id, {
      quartier: 'ilot-13',
      role: 'supported',
      address: '5 rue des Lilas',
      phone: null,
      availability: null,
      needs: 'none',
      ...m,
    });
    return p;
  };

  it('lists pairs with why they were made, and lets the eco-manager choose another volunteer', async () => {
    const s = await join('1', { address: '5 rue des Lilas' });
    await join('2', { role: 'volunteer', address: '5 rue des Lilas', availability: 'anytime', needs: null });
    const other = await join('3', {
      role: 'volunteer',
      address: '40 boulevard Vincent Auriol',
      availability: 'weekends',
      needs: null,
    });
    const manager = app.person('9001', 'telegram');
    const list = await manager.say('/binomes');
    expect(texts(list)).toMatch(
      /5 rue des Lilas ↔ 5 rue des Lilas \(même immeuble\), 40 boulevard Vincent Auriol \(quartier\)/,
    );
    const pick = await manager.press(/Changer : 5 rue des Lilas/);
    expect(pick[0]?.options?.map((o) => o.label)).toEqual(['40 boulevard Vincent Auriol', '5 rue des Lilas']);
    expect(texts(await manager.press(/40 boulevard/))).toMatch(
      /C'est noté : 5 rue des Lilas ↔ 40 boulevard Vincent Auriol/,
    );
    expect(await app.ctx.matching.volunteersOf(s.id)).toEqual([other.id]);
    expect(await app.ctx.audit.list('pairs.set')).toHaveLength(1);
  });

  it('refuses residents and eco-managers of another quartier', async () => {
    const s = await join('1', {});
    const v = await join('2', { role: 'volunteer', availability: 'anytime', needs: null });
    expect(texts(await app.person('1', 'telegram').say('/binomes'))).toMatch(/réservée aux éco-gestionnaires/);
    const rosa = app.person('9002', 'telegram');
    expect(texts(await rosa.say('/binomes'))).toMatch(/Aucune personne accompagnée/);
    const forged = await rosa.send({ kind: 'choice', choice: `pairset:${s.id}:${v.id.slice(0, 12)}` });
    expect(texts(forged)).toMatch(/réservée aux éco-gestionnaires/);
    expect(await app.ctx.matching.volunteersOf(s.id)).toEqual([v.id]);
  });
});
