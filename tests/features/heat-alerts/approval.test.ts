import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { texts } from '../../support/context.js';
import { eventually } from '../../support/env.js';
import { joinNetwork } from '../../support/network.js';
import { createWorkingApp } from '../../support/workingApp.js';
import { rebuildJobs } from '../../../src/jobs/recovery.js';

/** ALERT_APPROVAL=second (issue 15, item 2). */
describe('a second eco-manager approves an alert before it goes out', () => {
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  beforeEach(async () => {
    w = await createWorkingApp({
      ALERT_APPROVAL: 'second',
      ECO_MANAGERS: 'telegram:9001:ilot-13,telegram:9002:ilot-13,telegram:9003:rosa-parks',
    });
    await joinNetwork(w.app.ctx, '300');
  });
  afterEach(() => w.close());

  /** 9001 (or another) prepares an alert to the whole network of their one quartier, and confirms it. */
  const compose = async (userId: string, level: RegExp) => {
    const manager = w.app.person(userId, 'telegram');
    await manager.say('/alerte');
    for (const answer of [/Tout le réseau/, level, /Garder ce message/, /Maintenant/, /2 jours/])
      await manager.press(answer);
    return texts(await manager.press(/Envoyer/));
  };
  const choose = (userId: string, choice: string) =>
    w.app.conversation.handle({ channel: 'telegram', userId, chatId: userId, kind: 'choice', choice });
  const pendingAlert = async () => (await w.app.ctx.alerts.list(['ilot-13'], 1))[0]!;

  it('waits for the other eco-manager of the quartier, who approves; the author is told', async () => {
    expect(await compose('9001', /orange/)).toMatch(/part dès qu'un·e autre éco-gestionnaire.*\(1 prévenu·e·s\)/);
    const alert = await pendingAlert();
    expect(alert.status).toBe('pending');
    const request = await eventually(
      () => w.messagesTo('9002').find((m) => /attend votre accord/.test(m.text)),
      10_000,
      'the request',
    );
    expect(request.text).toMatch(/Vigilance orange canicule[\s\S]*Quartier\(s\) : Ilot 13\nNombre exact : 1/);
    expect(request.buttons.map((b) => b.text)).toEqual(['Approuver et envoyer', 'Refuser']);
    expect(w.messagesTo('9003')).toHaveLength(0);
    expect(w.messagesTo('300')).toHaveLength(0); // nothing leaves yet

    // Neither the author nor an eco-manager of another quartier may approve it, each told why.
    expect(texts(await choose('9001', `approve:${alert.id}`))).toMatch(/pas approuver votre propre alerte/);
    expect(texts(await choose('9003', `approve:${alert.id}`))).toMatch(/quartier qui n'est pas le vôtre/);
    // Issue 21, item 9: a resident pressing a forged button is told the command is not theirs.
    for (const action of ['approve', 'refuse']) {
      const said = texts(await choose('300', `${action}:${alert.id}`));
      expect(said).toMatch(/réservée aux éco-gestionnaires/);
      expect(said).not.toMatch(/propre alerte/);
    }

    expect(texts(await w.press('9002', /Approuver/))).toMatch(/Approuvée : l'envoi commence/);
    await eventually(() => w.messagesTo('300').some((m) => /Vigilance orange/.test(m.text)), 10_000, 'the alert');
    await eventually(() => w.messagesTo('9001').some((m) => /approuvée par/.test(m.text)), 10_000, 'the author');
    expect(texts(await w.press('9002', /Approuver/))).toMatch(/déjà été approuvée ou refusée/);
    const audit = await w.app.ctx.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['alert.create', 'alert.approve']));
  });

  it('a refusal asks why; the author gets the reason and nothing is sent', async () => {
    await compose('9001', /orange/);
    await eventually(() => w.messagesTo('9002').find((m) => /attend votre accord/.test(m.text)), 10_000, 'request');
    expect(texts(await w.press('9002', /Refuser/))).toMatch(/Pourquoi refusez-vous/);
    expect(texts(await w.app.person('9002', 'telegram').say('Le niveau est déjà passé au jaune'))).toMatch(
      /Refus enregistré/,
    );
    await eventually(
      // The author wrote from the test's chat ("chat-9001"): the answer goes where they are.
      () =>
        w.messagesTo('chat-9001').find((m) => /refusée[\s\S]*Motif : Le niveau est déjà passé au jaune/.test(m.text)),
      10_000,
      'the author told why',
    );
    expect((await pendingAlert()).status).toBe('refused');
    expect(w.messagesTo('300')).toHaveLength(0);
  });

  it('a pending alert whose request Redis lost is asked again by the rebuild from the database', async () => {
    const author = await w.app.ctx.people.findOrCreate('telegram', '9001', '9001', 'fr');
    const alert = await w.app.ctx.alerts.create(
      {
        quartiers: ['ilot-13'],
        audience: 'all',
        level: 'orange',
        text: '',
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 86_400_000),
        checkinPattern: '10:00',
      },
      author.id,
      'pending', // saved, but its approval job never reached Redis
    );
    expect(await rebuildJobs(w.app.ctx, ['telegram'])).toMatchObject({ approvals: 1 });
    await eventually(() => w.messagesTo('9002').some((m) => /attend votre accord/.test(m.text)), 10_000, 'asked');
    expect(await rebuildJobs(w.app.ctx, ['telegram'])).toMatchObject({ approvals: 0 });
    expect((await w.app.ctx.alerts.get(alert.id))?.status).toBe('pending');

    // Refused, but the job telling the author was lost with Redis: the rebuild tells them, once.
    const approver = await w.app.ctx.people.findOrCreate('telegram', '9002', '9002', 'fr');
    expect(await w.app.ctx.alerts.decide(alert.id, approver.id, 'refuse', 'Déjà redescendu au jaune')).toBe(true);
    expect(await rebuildJobs(w.app.ctx, ['telegram'])).toMatchObject({ approvals: 1 });
    await eventually(
      () => w.messagesTo('9001').some((m) => /refusée[\s\S]*Déjà redescendu au jaune/.test(m.text)),
      10_000,
      'the author told',
    );
    expect(await rebuildJobs(w.app.ctx, ['telegram'])).toMatchObject({ approvals: 0 });
  });

  it('red, or alone on the quartier: sent at once, and why is audited', async () => {
    expect(await compose('9001', /rouge/)).toMatch(/C'est parti/);
    expect(await compose('9003', /orange/)).toMatch(/C'est parti/);
    await eventually(() => w.messagesTo('300').some((m) => /Vigilance rouge/.test(m.text)), 10_000, 'the red alert');
    const fast = await w.app.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'alert.fastpath')
      .execute();
    expect(fast.map((f) => JSON.parse(String(f.details)).why).sort()).toEqual(['alone', 'red']);
  });
});
