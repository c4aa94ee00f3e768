import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { texts } from '../../support/context.js';
import { eventually } from '../../support/env.js';
import { createAlert, joinNetwork } from '../../support/network.js';
import { createWorkingApp } from '../../support/workingApp.js';

/** What an eco-manager noticed trying it (issue 15, item 6). */
describe('an eco-manager of one quartier', () => {
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  beforeEach(async () => {
    w = await createWorkingApp({ ECO_MANAGERS: 'telegram:9001:ilot-13,telegram:9002:ilot-13+rosa-parks' });
  });
  afterEach(() => w.close());

  it("/aide lists the eco-manager's commands to eco-managers only", async () => {
    const manager = texts(await w.app.person('9001', 'telegram').say('/aide'));
    expect(manager).toMatch(/Pour les éco-gestionnaires :\n\/alerte — [\s\S]*\/suivi — [\s\S]*\/evenement — /);
    const resident = texts(await w.app.person('555', 'telegram').say('/aide'));
    expect(resident).toMatch(/\/mesdonnees/);
    expect(resident).not.toMatch(/éco-gestionnaires|\/alerte|\/evenement/);
  });

  it('is not asked which quartier when there is only one', async () => {
    const alone = w.app.person('9001', 'telegram');
    expect(texts(await alone.say('/alerte'))).toMatch(/Qui doit la recevoir/);
    await alone.say('/annuler');
    const steps = [await alone.say('/evenement')];
    await alone.press(/Balade/);
    steps.push(await alone.say('Balade thermique du square'));
    expect(texts(steps.at(-1)!)).toMatch(/Où \?/);
    // With two quartiers, the question stays.
    expect(texts(await w.app.person('9002', 'telegram').say('/alerte'))).toMatch(/pour quel quartier/i);
  });

  it('the live report of an alert to one person says "1 destinataire"', async () => {
    await joinNetwork(w.app.ctx, '300');
    const alert = await createAlert(w.app.ctx, ['ilot-13'], 'orange', '9001');
    await w.app.ctx.queues.alerts.fanout(alert.id);
    const report = await eventually(
      () => [...w.tg.messages, ...w.tg.edits].find((m) => m.chatId === '9001' && /destinataire/.test(m.text)),
      10_000,
      'the report',
    );
    expect(report.text).toMatch(/1 destinataire\./);
  });
});
