import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AppContext } from '../../src/features/context.js';

const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/locales/${lang}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('French and English have the same keys, and each text the same {parameters}', () => {
    const fr = load('fr');
    const en = load('en');
    // Telegram's command menu names the commands in each language (/mesdonnees, /mydata): its keys differ by design.
    const shared = (o: Record<string, unknown>) =>
      keys(o)
        .filter((k) => !k.startsWith('telegram.commands.'))
        .sort();
    expect(shared(en)).toEqual(shared(fr));
    const get = (o: Record<string, unknown>, key: string) =>
      key.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o) as string;
    for (const key of shared(fr)) expect(params(get(en, key)), key).toEqual(params(get(fr, key)));
  });

  it("each feature's own texts (locales/ in its folder): same keys and {parameters} in both languages", async () => {
    const { FEATURE_LOCALES } = await import('../../src/features/index.js');
    for (const { namespace, catalogs } of FEATURE_LOCALES) {
      const fr = catalogs.fr as Record<string, unknown>;
      const en = catalogs.en as Record<string, unknown>;
      expect(keys(en).sort(), namespace).toEqual(keys(fr).sort());
      for (const key of keys(fr)) expect(params(get(en, key)), `${namespace}.${key}`).toEqual(params(get(fr, key)));
      // Merged under the feature's id: never over a shared key.
      expect(load('fr')[namespace], namespace).toBeUndefined();
    }
  });
});

const get = (o: Record<string, unknown>, key: string) =>
  key.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o) as string;

describe('keys built from data', () => {
  it('every flow button and suggestion has a text in French and in English', async () => {
    const { FEATURE_FLOWS, FEATURE_LOCALES } = await import('../../src/features/index.js');
    const { DEFAULT_QUARTIERS } = await import('../../src/config.js');
    const { translator, dataKey, registerLocales } = await import('../../src/i18n/translator.js');
    registerLocales(FEATURE_LOCALES);
    // The flows are only read here (their steps' buttons), never run: a context that answers anything will do.
    const anything: AppContext = new Proxy(() => anything, { get: () => anything }) as unknown as AppContext;
    const flows = FEATURE_FLOWS.flatMap((flowsOf) => flowsOf(anything));
    const env = {
      personId: 'p',
      lang: 'fr' as const,
      t: translator('fr'),
      quartiers: DEFAULT_QUARTIERS,
      managedQuartiers: DEFAULT_QUARTIERS.map((q) => q.id),
      now: () => new Date('2026-07-01T08:00:00Z'),
    };
    let checked = 0;
    for (const flow of flows) {
      for (const step of flow.steps) {
        const options =
          step.input.kind === 'choice' ? step.input.options({}, env) : (step.input.suggestions?.({}, env) ?? []);
        for (const o of options.filter((x) => !x.literal)) {
          for (const lang of ['fr', 'en'] as const) {
            expect(translator(lang)(dataKey(o.label)), `${flow.id}.${step.id}: ${o.label}`).not.toBe(o.label);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('every weekday of the tips has a name', async () => {
    const { translator, dataKey } = await import('../../src/i18n/translator.js');
    for (const day of [1, 2, 3, 4, 5, 6, 7]) {
      const key = dataKey(`tipsFlow.weekday.${day}`);
      expect(translator('fr')(key)).not.toBe(key);
      expect(translator('en')(key)).not.toBe(key);
    }
  });
});

describe('counts and terms in what people read', () => {
  it('a count agrees with its noun: singular for 0 and 1 in French, for 1 only in English', async () => {
    const { translator } = await import('../../src/i18n/translator.js');
    const fr = translator('fr');
    const en = translator('en');
    expect(fr('meetingDesk.cancelled', { count: 1 })).toBe(
      'Rendez-vous annulé. 1 personne prévenue, rappels supprimés.',
    );
    expect(fr('meetingDesk.cancelled', { count: 0 })).toBe(
      'Rendez-vous annulé. 0 personne prévenue, rappels supprimés.',
    );
    expect(fr('meetingDesk.cancelled', { count: 12 })).toBe(
      'Rendez-vous annulé. 12 personnes prévenues, rappels supprimés.',
    );
    expect(en('meetingDesk.cancelled', { count: 1 })).toBe('Meeting cancelled. 1 person told, reminders removed.');
    expect(en('meetingDesk.cancelled', { count: 0 })).toBe('Meeting cancelled. 0 people told, reminders removed.');
    expect(fr('meetingDesk.followupSent', { count: 2 })).toBe('Compte rendu envoyé à 2 participant·es.');
    expect(fr('faqInbox.answered', { count: 1 })).toMatch(/^Réponse enregistrée : 1 personne prévenue\./);
    expect(fr('faqInbox.dismissed', { count: 3 })).toBe("Mis de côté : 3 questions. Personne n'est prévenu.");
    expect(fr('docs.suspicious', { count: 1 })).toBe(
      "Attention : 1 phrase qui donnait des consignes à l'assistant a été retirée du document.",
    );
    for (const lang of ['fr', 'en']) expect(JSON.stringify(load(lang))).not.toMatch(/\{count\}[^"]*\(s\)/);
  });

  it('places say how many are left, so a meeting with every place free does not read as full', async () => {
    const { translator } = await import('../../src/i18n/translator.js');
    expect(translator('fr')('meetingDesk.places', { left: 40, capacity: 40 })).toBe('Places libres : 40 sur 40');
    expect(translator('en')('meetingDesk.places', { left: 40, capacity: 40 })).toBe('Places left: 40 of 40');
  });

  it('one term each: "personnes accompagnées", "voisin·es volontaires"', () => {
    const fr = JSON.stringify(load('fr'));
    expect(fr).not.toMatch(/personnes? soutenues?|voisins volontaires|bénévole qui vous est associé/);
    expect(fr).toContain('Les personnes accompagnées');
    expect(fr).toContain('Les voisin·es volontaires');
    expect(JSON.stringify(load('en'))).not.toMatch(/supported person|the volunteer matched/);
  });
});

describe('the web console', () => {
  it('names each audit action of its Journal, in both languages', async () => {
    const { AUDIT_ACTIONS } = await import('../../src/storage/auditLog.js');
    const { translator, dataKey } = await import('../../src/i18n/translator.js');
    const named = keys(
      (load('fr').console as Record<string, Record<string, unknown>>).journal!.actions as object as Record<
        string,
        unknown
      >,
    );
    expect(named.length).toBeGreaterThan(15);
    for (const action of named) {
      expect(AUDIT_ACTIONS as readonly string[], action).toContain(action);
      for (const lang of ['fr', 'en'] as const)
        expect(translator(lang)(dataKey(`console.journal.actions.${action}`))).not.toMatch(/^console\./);
    }
  });

  it('counts agree with their noun; one term for the people supported', async () => {
    const { translator } = await import('../../src/i18n/translator.js');
    const fr = translator('fr');
    const en = translator('en');
    expect(fr('console.quartier.role.supported', { count: 1 })).toBe('Personne accompagnée');
    expect(fr('console.quartier.role.volunteer', { count: 4 })).toBe('Voisin·es volontaires');
    expect(fr('console.quartier.uncovered', { count: 2 })).toMatch(/^2 immeubles avec une personne accompagnée/);
    expect(fr('console.meetings.cancel', { count: 1 })).toBe('Annuler la réunion et prévenir 1 personne');
    expect(en('console.questions.answer', { count: 3 })).toBe('Answer and tell 3 people');
    const texts = JSON.stringify(load('fr').console);
    expect(texts).not.toMatch(/\(s\)|soutenu/);
  });
});
