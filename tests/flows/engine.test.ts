import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { translator } from '../../src/i18n/translator.js';
import { createTestApp, texts } from '../support/context.js';
import { DB_KINDS } from '../support/env.js';

const DAY = 24 * 3600 * 1000;

describe.each(DB_KINDS)('flow engine on %s', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    app = await createTestApp(kind);
  });
  afterEach(async () => {
    await app.close();
  });

  const stateOf = async (userId: string) => {
    const person = await app.ctx.people.find('terminal', userId);
    return person
      ? app.ctx.db.selectFrom('flow_states').selectAll().where('person_id', '=', person.id).executeTakeFirst()
      : undefined;
  };

  it('rejects a wrong answer with a specific hint and keeps the step and answers unchanged', async () => {
    const alice = app.person('alice');
    await alice.say('/start');
    await alice.press(/Rosa Parks/);
    await alice.press(/voisin·e volontaire/);
    const before = await stateOf('alice');
    const replies = await alice.say('bonjour');
    expect(texts(replies)).toMatch(/ne ressemble pas à une adresse/);
    expect(texts(replies)).toMatch(/adresse de votre immeuble/);
    const after = await stateOf('alice');
    expect(after?.step_id).toBe('address');
    expect(after?.answers).toBe(before?.answers);
  });

  it('validates choices typed as words or numbers, and refuses unknown ones', async () => {
    const bob = app.person('bob');
    await bob.say('/start');
    expect(texts(await bob.say('Montmartre'))).toMatch(/pas reconnu ce quartier/);
    expect(texts(await bob.say('bas belleville'))).toMatch(/participer/);
    expect(texts(await bob.say('7'))).toMatch(/Je n'ai pas compris/);
    expect(texts(await bob.say('2'))).toMatch(/adresse de votre immeuble/);
    expect((await stateOf('bob'))?.answers).toContain('"role":"volunteer"');
  });

  it('goes back one step with /retour and says so at the first step', async () => {
    const c = app.person('carla');
    await c.say('/start');
    expect(texts(await c.say('/retour'))).toMatch(/première question/);
    await c.press(/Ilot 13/);
    expect((await stateOf('carla'))?.step_id).toBe('role');
    expect(texts(await c.say('/retour'))).toMatch(/Dans quel quartier/);
    expect((await stateOf('carla'))?.step_id).toBe('quartier');
  });

  it('cancels at any step with /annuler and keeps nothing', async () => {
    const d = app.person('dan');
    await d.say('/start');
    await d.press(/Ilot 13/);
    expect(texts(await d.say('/annuler'))).toMatch(/annulé/);
    expect(await app.ctx.people.find('terminal', 'dan')).toBeUndefined();
    expect(texts(await d.say('/annuler'))).toMatch(/rien en cours/);
  });

  it('resumes from the stored state with a fresh engine (as after a restart)', async () => {
    const e = app.person('eve');
    await e.say('/start');
    await e.press(/Bas-Belleville/);
    await e.press(/relais d'école/);
    // A second app on the same database and Redis stands for the restarted process.
    const { buildContext } = await import('../../src/app.js');
    const { Conversation } = await import('../../src/core/conversation.js');
    const { chatFeatures } = await import('../../src/features/index.js');
    const { createLogger } = await import('../../src/logger.js');
    const ctx2 = await buildContext(app.space.config, { logger: createLogger('silent') });
    try {
      const replies = await new Conversation(ctx2, chatFeatures(ctx2)).handle({
        channel: 'terminal',
        userId: 'eve',
        chatId: 'x',
        kind: 'text',
        text: '16 rue de Tourtille',
      });
      expect(texts(replies)).toMatch(/Comment vous joindre/);
    } finally {
      await ctx2.close();
    }
  });

  it('drops a flow untouched for more than 7 days', async () => {
    const f = app.person('fanny');
    await f.say('/start');
    await f.press(/Ilot 13/);
    app.advance(6 * DAY);
    expect(texts(await f.say('1'))).toMatch(/adresse/); // still there after 6 days
    app.advance(7 * DAY + 1000);
    const replies = await f.say('12 rue Nationale');
    expect(texts(replies)).not.toMatch(/joindre/);
    expect(await stateOf('fanny')).toBeUndefined();
  });

  it('understands several availabilities typed in one sentence', async () => {
    const h = app.person('hugo');
    await h.say('/start');
    await h.press(/Ilot 13/);
    await h.press(/voisin·e volontaire/);
    await h.say('7 rue Nationale');
    await h.press(/dans cette conversation/);
    expect(texts(await h.say('le soir et le week-end'))).toMatch(/appelle/);
    expect((await stateOf('hugo'))?.answers).toContain('"availability":"evenings,weekends"');
  });

  it('"Modifier" on the summary re-runs the flow with "keep" buttons', async () => {
    const g = app.person('gus');
    await g.say('/start');
    await g.press(/Ilot 13/);
    await g.press(/voisin·e volontaire/);
    await g.say('5 rue du Château des Rentiers');
    await g.press(/dans cette conversation/);
    // Several availabilities: each press ticks one, "Valider" goes on.
    const ticked = await g.press(/week-end/);
    expect(ticked[0]?.options?.map((o) => o.label)).toContain('✓ Le week-end');
    await g.press(/^Le soir/);
    await g.press(/Valider/);
    await g.press(/Passer/); // the name they want to be called by
    await g.press(/Oui/);
    const back = await g.press(/^Modifier$/);
    expect(back[0]?.options?.map((o) => o.label)).toContain('Garder : Ilot 13');
    await g.press(/Garder/);
    await g.press(/Garder/);
    // "1" typed for "1. Garder : 5 rue du Château des Rentiers" keeps the address.
    const addr = await g.say('1');
    expect(texts(addr)).toMatch(/joindre/);
    await g.press(/Ici et par téléphone/);
    await g.say('07 11 22 33 44');
    const kept = await g.press(/Garder/); // availability
    expect(kept[0]?.options?.map((o) => o.label)).toEqual(['Passer', 'Garder : (pas de nom)']);
    expect(texts(await g.say('2'))).toMatch(/votre accord/); // "2" is the "Garder" button, not a name
    const summary = await g.press(/Garder/); // consent, then the summary (never a "keep" there)
    expect(texts(summary)).toMatch(/Disponibilité : Le soir, Le week-end/);
    expect(summary[0]?.options?.map((o) => o.label)).toEqual(['Confirmer', 'Modifier', 'Annuler']);
    expect(texts(summary)).toMatch(/07 11 22 33 44/);
    expect(texts(summary)).toMatch(/5 rue du Château des Rentiers/);
  });

  it("a flow registered later (a feature's own) runs, and its guard ends it when the rights are gone", async () => {
    const person = await app.ctx.people.findOrCreate('terminal', 'hana', 'hana', 'fr');
    let allowed = true;
    app.ctx.flows.register([
      {
        id: 'test-guarded',
        guard: () => (allowed ? undefined : 'menu.notUnderstood'),
        steps: ['first', 'second'].map((id) => ({
          id,
          prompt: 'network.ask.address',
          input: { kind: 'text' as const },
          schema: z.string().min(2),
          errorKey: 'network.error.address',
        })),
        complete: async () => [{ text: 'done' }],
      },
    ]);
    expect(() => app.ctx.flows.register([{ id: 'test-guarded', steps: [], complete: async () => [] }])).toThrow();
    const env = {
      personId: person.id,
      lang: 'fr' as const,
      t: translator('fr'),
      quartiers: [],
      managedQuartiers: [],
      now: () => new Date(),
    };
    await app.ctx.flows.start('test-guarded', env);
    const first = await app.ctx.flows.answerStep((await app.ctx.flows.active(person.id))!, env, { text: 'ok' });
    expect(first.open).toBe(true);
    allowed = false;
    const second = await app.ctx.flows.answerStep((await app.ctx.flows.active(person.id))!, env, { text: 'ok' });
    expect(second).toEqual({ replies: [{ text: translator('fr')('menu.notUnderstood') }], open: false });
    expect(await app.ctx.flows.active(person.id)).toBeUndefined();
  });
});
