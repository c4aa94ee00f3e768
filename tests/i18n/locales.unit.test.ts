import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

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
});
