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
    await step('pas d\'adresse', /ne ressemble pas à une adresse/);
    await step('30 rue Ramponeau', /joindre/);
    await p.kill('SIGKILL');

    p = new ProductProcess({ ...space.env, TERMINAL_USER: 'newcomer' }, [], { stdin: true });
    at = await p.waitForOutput(/Reprenons où vous en étiez :\s+Relais › Comment vous joindre/); // the restart shows where we were
    await step('1', /Quand êtes-vous disponible/);
    await step('4', /votre accord/);
    await step('1', /Vérifions[\s\S]*30 rue Ramponeau[\s\S]*Confirmer/);
    await step('1', /enregistré/);
    await step('/mesdonnees', /Bas-Belleville[\s\S]*À tout moment/);
    await step('/quitter', /vraiment quitter/);
    await step('1', /effacées/);
    await step('/mesdonnees', /aucune donnée/);
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
    const p = new ProductProcess({ ...space.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }, [], { stdin: true });
    expect(await p.exited).toBe(1);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/PostgreSQL is unreachable at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
  });
});
