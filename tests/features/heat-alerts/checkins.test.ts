import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { texts } from '../../support/context.js';
import { eventually, queuesIdle } from '../../support/env.js';
import { createAlert, joinNetwork } from '../../support/network.js';
import { createWorkingApp } from '../../support/workingApp.js';
import type { Membership } from '../../../src/features/network/supportNetwork.js';

const GRACE_MS = 1500;

describe('check-ins during an alert: "Oui", "J\'ai besoin d\'aide" and silence each take their path', () => {
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  let app: typeof w.app;
  beforeEach(async () => {
    w = await createWorkingApp({
      CHECKIN_GRACE_MINUTES: String(GRACE_MS / 60_000),
      ECO_MANAGERS: 'telegram:9001:ilot-13',
    });
    ({ app } = w);
  });
  afterEach(() => w.close());

  const join = (userId: string, m: Partial<Membership>) => joinNetwork(app.ctx, userId, m);
  const messagesTo = (chatId: string) => w.messagesTo(chatId);
  const press = (userId: string, pattern: RegExp) => w.press(userId, pattern);

  it('runs a round, escalates help and silence to the matched volunteers, then to the eco-manager', async () => {
    await join('100', { address: '5 rue des Lilas' }); // answers "Oui"
    await join('200', { address: '5 rue des Lilas', phone: '+33612345678' }); // asks for help
    await join('300', { address: '7 rue des Lilas' }); // stays silent
    const v1 = await join('400', {
      role: 'volunteer',
      address: '5 rue des Lilas',
      availability: 'anytime',
      needs: null,
    });
    await join('500', { role: 'volunteer', address: '9 rue des Lilas', availability: 'evenings', needs: null });
    // Pairs: same building first, then same street.
    expect(await app.ctx.matching.volunteersOf((await app.ctx.people.find('telegram', '200'))!.id)).toContain(v1.id);

    const alert = await createAlert(app.ctx, ['ilot-13'], 'red');
    await app.ctx.queues.alerts.fanout(alert.id);
    await app.ctx.queues.alerts.checkinRound(alert.id); // what the 10:00 scheduler does
    await eventually(
      () => ['100', '200', '300'].every((u) => messagesTo(u).some((m) => /Tout va bien/.test(m.text))),
      10_000,
      'check-ins sent',
    );
    expect(messagesTo('400').some((m) => /Tout va bien/.test(m.text))).toBe(false); // volunteers are not asked

    expect(texts(await press('100', /Oui, ça va/))).toMatch(/Merci/);
    expect(texts(await press('100', /J'ai besoin d'aide/))).toMatch(/déjà enregistrée/); // answered once only
    expect(texts(await press('200', /J'ai besoin d'aide/))).toMatch(/prévenons tout de suite/);

    // Help: the matched volunteers learn the address and phone right away.
    const helpCall = await eventually(
      () => messagesTo('400').find((m) => /a demandé de l'aide/.test(m.text)),
      10_000,
      'escalation of a call for help',
    );
    expect(helpCall.text).toMatch(/5 rue des Lilas[\s\S]*06 12 34 56 78/);

    // Silence: a reminder after the grace period, then the volunteers, then the eco-manager.
    await eventually(() => messagesTo('300').some((m) => /pas eu de réponse/.test(m.text)), 10_000, 'reminder');
    const silent = await eventually(
      () => messagesTo('400').find((m) => /ne répond pas/.test(m.text)),
      10_000,
      'escalation of silence',
    );
    expect(silent.text).toMatch(/7 rue des Lilas/);
    const silentToV2 = await eventually(
      () => messagesTo('500').find((m) => /ne répond pas/.test(m.text)),
      10_000,
      'escalation of silence to the second volunteer',
    );
    expect(
      texts(
        await app.conversation.handle({
          channel: 'telegram',
          userId: '400',
          chatId: '400',
          kind: 'choice',
          choice: silent.buttons[0]!.callback_data,
        }),
      ),
    ).toMatch(/L'éco-gestionnaire sait que vous y allez/);
    expect(
      texts(
        await app.conversation.handle({
          channel: 'telegram',
          userId: '500',
          chatId: '500',
          kind: 'choice',
          choice: silentToV2.buttons[0]!.callback_data,
        }),
      ),
    ).toMatch(/quelqu'un s'en occupe déjà/);

    // Nobody took the call for help: the eco-manager is told, with the address.
    const toManager = await eventually(
      () => messagesTo('9001').find((m) => /Personne n'a confirmé/.test(m.text)),
      10_000,
      'eco-manager escalation',
    );
    expect(toManager.text).toMatch(/a demandé de l'aide[\s\S]*5 rue des Lilas/);
    // Every deadline has run and every message is out: a second escalation would be here by now.
    await eventually(
      () => queuesIdle([app.ctx.queues.alerts.queue, app.ctx.queues.deliveries.queue('telegram')]),
      15_000,
      'deadlines and deliveries done',
    );
    // Not for the one taken.
    expect(messagesTo('9001').filter((m) => /Personne n'a confirmé/.test(m.text))).toHaveLength(1);
    expect(messagesTo('100').some((m) => /pas eu de réponse/.test(m.text))).toBe(false); // no reminder after "Oui"

    const followUp = texts(
      await app.conversation.handle({
        channel: 'telegram',
        userId: '9001',
        chatId: '9001',
        kind: 'command',
        command: 'suivi',
      }),
    );
    expect(followUp).toMatch(
      /envoyés : 3\nOui, ça va : 1\nBesoin d'aide : 1\nSans réponse : 1\nTransmis aux bénévoles : 2/,
    );
    expect(followUp).toMatch(/7 rue des Lilas — ne répond pas — un·e bénévole y va/);

    // /finalerte: check-ins stop and everyone gets the closing message.
    expect(
      texts(
        await app.conversation.handle({
          channel: 'telegram',
          userId: '9001',
          chatId: '9001',
          kind: 'command',
          command: 'finalerte',
        }),
      ),
    ).toMatch(/L'alerte est terminée/);
    await eventually(
      () => ['100', '200', '300', '400', '500'].every((u) => messagesTo(u).some((m) => /Fin de l'alerte/.test(m.text))),
      10_000,
      'closing messages',
    );
    expect(await app.ctx.queues.alerts.queue.getJobSchedulers()).toHaveLength(0);
  });
});
