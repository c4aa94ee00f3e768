import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, texts } from '../../support/context.js';
import { createAlert } from '../../support/network.js';
import { formatParis } from '../../../src/domain/parisTime.js';

/** The words a newcomer stumbled on (issue 22), each checked as the exact text a person reads. */
describe('what a newcomer reads', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(async () => {
    await app?.close();
  });

  const joinAsSupported = async (p: ReturnType<typeof app.person>) => {
    await p.say('/start');
    await p.press(/Ilot 13/);
    await p.press(/appelé·e/);
    await p.say('45 rue Nationale');
    await p.press(/Passer/); // building or staircase
    await p.press(/Passer/); // floor
    await p.press(/Passer/); // door
    await p.press(/Ici, dans cette conversation/);
    await p.press(/seul·e et je me déplace/);
    return p.press(/Passer/); // the name they want to be called by
  };

  it('a person supported: consent names the volunteer neighbour, the summary says both needs, no registry line', async () => {
    app = await createTestApp('sqlite');
    const p = app.person('alice');
    const consent = texts(await joinAsSupported(p));
    expect(consent).toContain(
      "Je garde seulement ces réponses, pour le réseau canicule. Je les partage avec l'éco-gestionnaire du quartier " +
        'et, si besoin, avec le ou la voisin·e volontaire qui vous est associé·e. Vous pouvez les voir',
    );
    const summary = texts(await p.press(/Oui/));
    expect(summary).toContain('Situation : Je vis seul·e et je me déplace difficilement\n');
    expect(summary).not.toMatch(/Les deux|Registre de la mairie/);
  });

  it.each(['off', 'on'])(
    'a volunteer (registry %s): consent speaks of the eco-manager only; no registry line',
    async (registry) => {
      app = await createTestApp('sqlite', { REGISTRY_EXPORT: registry });
      const p = app.person('bob');
      await p.say('/start');
      await p.press(/Ilot 13/);
      await p.press(/voisin·e volontaire/);
      await p.say('50 rue Nationale');
      await p.press(/Ici, dans cette conversation/);
      await p.press(/À tout moment/); // exclusive: answers the multi-choice at once
      const consent = texts(await p.press(/Passer/)); // the name
      expect(consent).toContain(
        "pour le réseau canicule. Je les partage seulement avec l'éco-gestionnaire du quartier.",
      );
      expect(consent).not.toMatch(/bénévole|associé·e/);
      const summary = texts(await p.press(/Oui/));
      expect(summary).toMatch(/Vérifions ensemble/);
      expect(summary).not.toMatch(/Registre de la mairie/);
    },
  );

  it('/annuler inside /modifier tells a member nothing changed; a newcomer still hears nothing was saved', async () => {
    app = await createTestApp('sqlite');
    const p = app.person('carla');
    await joinAsSupported(p);
    await p.press(/Oui/);
    await p.press(/Confirmer/);
    await p.say('/modifier');
    expect(texts(await p.say('/annuler'))).toBe(
      "C'est annulé : rien n'a changé, vos informations restent comme avant (/mesdonnees pour les voir).",
    );
    expect(texts(await p.say('/mesdonnees'))).toMatch(/45 rue Nationale/);
    // The summary's own "Annuler" during /modifier says the same.
    await p.say('/modifier');
    for (let i = 0; i < 15; i++) {
      const step = texts(await p.press(/Garder|Oui, je suis d'accord/));
      if (/Vérifions/.test(step)) break;
    }
    expect(texts(await p.press(/Annuler/))).toBe(
      "C'est annulé : rien n'a changé, vos informations restent comme avant (/mesdonnees pour les voir).",
    );
    expect(texts(await p.say('/mesdonnees'))).toMatch(/45 rue Nationale/);
    const newcomer = app.person('dan');
    await newcomer.say('/start');
    expect(texts(await newcomer.say('/annuler'))).toBe(
      "C'est annulé. Rien n'a été enregistré. Écrivez /start quand vous voulez.",
    );
  });

  it.each([
    ['3 mars 1942', '03/03/1942'],
    ['1er août 1940', '01/08/1940'],
    ['14 Juillet 1941', '14/07/1941'],
    ['2 fév. 1938', '02/02/1938'],
  ])('the registry birth date accepts "%s" (stored %s)', async (typed, stored) => {
    app = await createTestApp('sqlite', { REGISTRY_EXPORT: 'on' });
    const p = app.person('emile');
    await joinAsSupported(p);
    await p.press(/Oui/);
    await p.press(/Oui, me transmettre/);
    await p.say('Martin');
    await p.say('Émile');
    expect(texts(await p.say(typed))).not.toMatch(/pas compris/);
    await p.press(/Passer/); // home help
    await p.press(/Passer/); // person to warn
    await p.press(/Passer/); // the mairie's number to call (the network's contact is this chat)
    await p.press(/Moi-même/);
    await p.press(/Confirmer/);
    const person = await app.ctx.people.find('terminal', 'emile');
    expect((await app.ctx.registry.get(person!.id))?.birthDate).toBe(stored);
  });

  it('a birth date that is no date gets the hint with both ways of writing it', async () => {
    app = await createTestApp('sqlite', { REGISTRY_EXPORT: 'on' });
    const p = app.person('fanny');
    await joinAsSupported(p);
    await p.press(/Oui/);
    await p.press(/Oui, me transmettre/);
    await p.say('Martin');
    await p.say('Fanny');
    expect(texts(await p.say('32 mars 1942'))).toContain(
      "Je n'ai pas compris cette date. Écrivez-la comme 14/07/1941 ou 14 juillet 1941, ou appuyez sur « Passer ».",
    );
  });

  it('/suivi with nothing sent yet says when the first "Tout va bien ?" goes out', async () => {
    app = await createTestApp('sqlite', { ECO_MANAGERS: 'terminal:eco:ilot-13' });
    const alert = await createAlert(app.ctx, ['ilot-13']);
    const from = DateTime.fromJSDate(new Date(Math.max(alert.startsAt.getTime(), Date.now())), {
      zone: 'Europe/Paris',
    });
    let first = from.set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    if (first < from) first = first.plus({ days: 1 });
    const followUp = texts(await app.person('eco').say('/suivi'));
    expect(followUp).toContain('« Tout va bien ? » envoyés : 0\n');
    expect(followUp).toContain(`\n\nPremier « Tout va bien ? » : ${formatParis(first.toJSDate(), 'fr')}.`);
  });
});
