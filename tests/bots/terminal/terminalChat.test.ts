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

  it('an eco-manager creates a meeting by numbers; on a question that takes text, a number is the answer', async () => {
    const p = new ProductProcess({ ...space.env, TERMINAL_USER: 'eco', ECO_MANAGERS: 'terminal:eco:ilot-13' }, [], {
      stdin: true,
    });
    let at = await p.waitForOutput(/tapez \/start/);
    const step = async (line: string, expected: RegExp) => {
      p.write(line);
      at = await p.waitForOutput(expected, at);
    };
    const day = new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(Date.now() + 9 * 86_400_000));
    await step('/evenement', /de quel type/);
    await step('2', /Quel titre/);
    // One quartier: not asked which.
    await step('Balade thermique du square', /Où \?/);
    await step('Square des Lilas', /Quand commence/);
    await step(`${day} 18:30`, /Combien de temps/);
    await step('2', /Combien de places/); // "2" is no duration: the second suggestion, 1h30
    await step('1', /Qui prévenir/); // one place, not "Sans limite"
    await step('1', /Seulement les immeubles/);
    await step('1', /Quand rappeler/);
    await step('1', /Places : 1\n[\s\S]*Publier/);
    await step('1', /est publié/);
    await step('/agenda', /Balade thermique du square[\s\S]*Places : 1 sur 1[\s\S]*1\. Je m'inscris/);
    await step('1', /vous êtes inscrit·e[\s\S]*📎 \S+\.ics/);
    p.endInput();
    expect(await p.exited).toBe(0);
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
