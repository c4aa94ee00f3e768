import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSpace, type TestSpace } from '../../support/env.js';
import { ProductProcess } from '../../support/product.js';

/** `npm start` with no token: a newcomer's first try, driven through stdin. */
describe('terminal chat', () => {
  let space: TestSpace;
  beforeEach(async () => {
    space = await createTestSpace('sqlite');
  });
  afterEach(async () => {
    await space.cleanup();
  });

  it('runs a full signup, survives a kill mid-flow, and lets the person erase themselves', async () => {
    let p = new ProductProcess({ ...space.env, TERMINAL_USER: 'newcomer' }, [], { stdin: true });
    let at = await p.waitForOutput(/tapez \/start/);
    const step = async (line: string, expected: RegExp) => {
      p.write(line);
      at = await p.waitForOutput(expected, at);
    };
    await step('/start', /1\. Ilot 13\n\s+2\. Rosa Parks\n\s+3\. Bas-Belleville/);
    await step('3', /participer/);
    await step('2', /adresse de votre immeuble/);
    await step("pas d'adresse", /ne ressemble pas à une adresse/);
    await step('30 rue Ramponeau', /joindre/);
    await p.kill('SIGKILL');

    p = new ProductProcess({ ...space.env, TERMINAL_USER: 'newcomer' }, [], { stdin: true });
    // The restart shows where we were.
    at = await p.waitForOutput(/Reprenons où vous en étiez :\s+Relais › Comment vous joindre/);
    await step('1', /Quand êtes-vous disponible/);
    await step('4', /qu'on vous appelle/);
    await step('Passer', /votre accord/);
    await step('1', /Vérifions[\s\S]*30 rue Ramponeau[\s\S]*Confirmer/);
    await step('1', /enregistré/);
    await step('/mesdonnees', /Bas-Belleville[\s\S]*À tout moment/);
    await step('/quitter', /vraiment quitter/);
    await step('1', /effacées/);
    await step('/mesdonnees', /aucune donnée/);
    p.endInput();
    expect(await p.exited).toBe(0);
  });

  // One product start for the eco-manager's meeting by numbers and the three identities: starts are what costs.
  it('three terminals on one Redis, each sees only its own replies and notices; a meeting by numbers', async () => {
    const env = { ...space.env, ECO_MANAGERS: 'terminal:eco:ilot-13' };
    const open = async (user: string) => {
      const p = new ProductProcess({ ...env, TERMINAL_USER: user }, [], { stdin: true });
      let at = await p.waitForOutput(/tapez \/start/);
      const step = async (line: string, expected: RegExp) => {
        p.write(line);
        at = await p.waitForOutput(expected, at);
      };
      return { p, step, out: () => p.stdout };
    };
    const [eco, alice, bob] = await Promise.all([open('eco'), open('alice'), open('bob')]);
    try {
      // Alice asks to be checked on, Bob is a volunteer neighbour; both in Ilot 13.
      await alice.step('/start', /Ilot 13/);
      await alice.step('1', /participer/);
      await alice.step('1', /adresse/);
      await alice.step('45 rue Nationale', /Bâtiment/);
      // Typed, "1" would be her building, floor or door: these steps take text.
      await alice.step('Passer', /étage/);
      await alice.step('Passer', /porte/);
      await alice.step('Passer', /joindre/);
      await alice.step('1', /une seule question/);
      await alice.step('4', /qu'on vous appelle/);
      await alice.step('Passer', /votre accord/);
      await alice.step('1', /Vérifions/);
      await alice.step('1', /enregistré/);
      await bob.step('/start', /Ilot 13/);
      await bob.step('1', /participer/);
      await bob.step('2', /adresse/);
      await bob.step('50 rue Nationale', /joindre/);
      await bob.step('1', /disponible/);
      await bob.step('4', /qu'on vous appelle/); // one typed choice completes the multi-choice at once
      await bob.step('Passer', /votre accord/);
      await bob.step('1', /Vérifions/);
      await bob.step('1', /enregistré/);

      // The eco-manager's alert reaches both residents, each in their own terminal, and the report comes
      // back to hers, whichever process's worker sent what.
      await eco.step('/alerte', /Qui doit la recevoir/);
      await eco.step('1', /Quel niveau/);
      await eco.step('1', /Le garder/);
      await eco.step('1', /Début/);
      await eco.step('1', /Fin prévue/);
      await eco.step('1', /Nombre exact : 2 \(terminal : 2\)/);
      await eco.step('1', /C'est parti/);
      await eco.p.waitForOutput(/Alerte envoyée\.\n\s+Envoyés : 2 \/ 2/);
      await alice.p.waitForOutput(/Relais › 🟡 Vigilance jaune canicule/);
      await bob.p.waitForOutput(/Relais › 🟡 Vigilance jaune canicule/);

      // A question's answer goes to who asked.
      // A confident answer ends with « Source : … », the middle tier quotes passages « … » — with their source.
      await alice.step("C'est quoi un DTG ?", /DTG[\s\S]*(Source : |» — )/);

      // A meeting created by numbers; its invitations go to each resident, not to the eco-manager who published it.
      const day = new Intl.DateTimeFormat('fr-FR', {
        timeZone: 'Europe/Paris',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(new Date(Date.now() + 9 * 86_400_000));
      await eco.step('/evenement', /de quel type/);
      await eco.step('2', /Quel titre/);
      // One quartier: not asked which.
      await eco.step('Balade thermique du square', /Où \?/);
      await eco.step('Square des Lilas', /Quand commence/);
      await eco.step(`${day} 18:30`, /Combien de temps/);
      await eco.step('2', /Combien de places/); // "2" is no duration: the second suggestion, 1h30
      await eco.step('1', /Qui prévenir/); // one place, not "Sans limite"
      await eco.step('1', /Seulement les immeubles/);
      await eco.step('1', /Quand rappeler/);
      await eco.step('1', /Places : 1\n[\s\S]*Publier/);
      await eco.step('1', /est publié/);
      await alice.p.waitForOutput(/Balade thermique du square[\s\S]*Vous êtes invité·e/);
      await bob.p.waitForOutput(/Balade thermique du square[\s\S]*Vous êtes invité·e/);
      // On a question that takes text a number is the answer; on a list it is the choice.
      await eco.step('/agenda', /Balade thermique du square[\s\S]*Places libres : 1 sur 1[\s\S]*1\. Je m'inscris/);
      await eco.step('1', /vous êtes inscrit·e[\s\S]*📎 \S+\.ics/);

      // Nobody saw what was meant for another.
      expect(alice.out()).not.toMatch(/Alerte envoyée|Envoi de l'alerte/);
      expect(bob.out()).not.toMatch(/Alerte envoyée|Envoi de l'alerte|DTG|Source : |» — /);
      expect(eco.out()).not.toMatch(/Vous êtes invité·e|Relais › 🟡 Vigilance|Source : |» — /);
      expect(alice.out().match(/Vous êtes invité·e/g)).toHaveLength(1);
      expect(bob.out().match(/Vous êtes invité·e/g)).toHaveLength(1);
      expect(alice.out().match(/Relais › 🟡 Vigilance/g)).toHaveLength(1);
      expect(bob.out().match(/Relais › 🟡 Vigilance/g)).toHaveLength(1);
    } finally {
      await Promise.all([eco, alice, bob].map((t) => t.p.kill('SIGTERM')));
    }
  });

  it('exits with one clear line when Redis is unreachable', async () => {
    const p = new ProductProcess({ ...space.env, REDIS_URL: 'redis://127.0.0.1:1' }, [], { stdin: true });
    expect(await p.exited).toBe(1);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/Redis is unreachable at redis:\/\/127\.0\.0\.1:1: start it/);
  });

  it('exits with one clear line when PostgreSQL is unreachable', async () => {
    const p = new ProductProcess({ ...space.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }, [], {
      stdin: true,
    });
    expect(await p.exited).toBe(1);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/PostgreSQL is unreachable at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
  });
});
