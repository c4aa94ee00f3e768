import { afterEach, describe, expect, it } from 'vitest';
import { DB_KINDS, eventually } from '../../support/env.js';
import { createAlert, joinNetwork } from '../../support/network.js';
import { createWorkingApp } from '../../support/workingApp.js';

describe.each(DB_KINDS)('a person supported left without any volunteer (%s)', (kind) => {
  let w: Awaited<ReturnType<typeof createWorkingApp>> | undefined;
  afterEach(() => w?.close());

  it('is reported to the eco-manager at once when their only volunteer blocked the bot, with who could cover', async () => {
    w = await createWorkingApp({ ECO_MANAGERS: 'telegram:9001:ilot-13' }, kind, { blocked: new Set(['400']) });
    const { ctx } = w.app;
    const jeanne = await joinNetwork(ctx, '100', { address: '5 rue des Lilas', name: 'Jeanne' });
    const paul = { role: 'volunteer', availability: 'anytime', needs: null, name: 'Paul' } as const;
    await joinNetwork(ctx, '400', { ...paul, address: '5 r. des lilas' });
    await joinNetwork(ctx, '500', { role: 'relay_building', address: '7 rue des Lilas', needs: null, name: 'Rémi' });
    expect((await ctx.matching.list('ilot-13')).map((p) => p.reason)).toEqual(['building']);

    // The alert reaches everyone; Telegram answers 403 for Paul: he is unreachable, Jeanne has nobody left.
    const alert = await createAlert(ctx, ['ilot-13']);
    await ctx.queues.alerts.fanout(alert.id);
    const hole = await eventually(
      () => w!.messagesTo('9001').find((m) => /Plus aucun·e voisin·e volontaire pour Jeanne/.test(m.text)),
      30_000,
      'the eco-manager told',
    );
    expect(hole.text).toMatch(/Jeanne, 5 rue des Lilas \(Ilot 13\)/);
    expect(hole.text).toMatch(/au plus près : Rémi, 7 rue des Lilas/); // the building relay of the same street
    expect(hole.text).toMatch(/\/binomes pour choisir/); // someone to choose: the way to do it
    expect(await ctx.matching.volunteersOf(jeanne.id)).toEqual([]);
  });
});
