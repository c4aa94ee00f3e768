import fr from './locales/fr.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };

export type Language = 'fr' | 'en';
export const LANGUAGES: Language[] = ['fr', 'en'];
export type Params = Record<string, string | number>;
/** Every text's key, read from fr.json (the reference catalog): a key that does not exist fails the type check. */
export type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type TranslationKey = Leaves<typeof fr>;
export type Translate = (key: TranslationKey, params?: Params) => string;

/**
 * A key built from data the type system cannot follow (a tip id, a command word, a weekday number). Kept to
 * a few places, each covered by a test that every such key exists (tests/i18n/locales.unit.test.ts).
 */
export const dataKey = (key: string): TranslationKey => key as TranslationKey;

export type Catalog = { [key: string]: string | Catalog };
const catalogs: Record<Language, Catalog> = { fr: { ...fr }, en: { ...en } };

/** A feature's own texts (`locales/fr.json` and `en.json` in its folder), merged under its namespace. */
export interface LocaleBundle {
  namespace: string;
  catalogs: Record<Language, Catalog>;
}

/**
 * Merges the features' texts, each under its namespace ("cool-places.near.title"): called once at start by the
 * composition root (src/app.ts) with what the features declare. The same bundle again changes nothing; a
 * namespace that is already a shared key is refused (two texts cannot share a key).
 */
export function registerLocales(bundles: LocaleBundle[]): void {
  for (const b of bundles) {
    for (const lang of LANGUAGES) {
      const existing = catalogs[lang][b.namespace];
      if (existing !== undefined && existing !== b.catalogs[lang])
        throw new Error(`locale namespace ${b.namespace} is already taken`);
      catalogs[lang][b.namespace] = b.catalogs[lang];
    }
  }
}

/**
 * A feature's translator over its own catalog: keys typed from its fr.json, looked up under its namespace
 * (in the person's language, then French).
 */
export function scopedTranslator<K extends string>(namespace: string, lang: Language) {
  const t = translator(lang);
  return (key: K, params?: Params): string => t(dataKey(`${namespace}.${key}`), params);
}

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * `{count|personne prévenue|personnes prévenues}` picks the form for the number in `count`: the singular for 0
 * and 1 in French, for 1 only in English.
 */
function plural(lang: Language, n: number, one: string, other: string): string {
  return (lang === 'fr' ? Math.abs(n) < 2 : Math.abs(n) === 1) ? one : other;
}

/** Looks a key up in the person's language, then in French; a missing key shows itself rather than crash. */
export function translator(lang: Language): Translate {
  return (key, params = {}) => {
    const found = lookup(catalogs[lang], key);
    const template = found ?? lookup(catalogs.fr, key) ?? key;
    const formsOf: Language = found === undefined ? 'fr' : lang;
    return template
      .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (m, name: string, one: string, other: string) =>
        name in params ? plural(formsOf, Number(params[name]), one, other) : m,
      )
      .replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

/** Maps a platform language hint ("en-GB", "fr") to a supported language. */
export function languageFromHint(hint: string | undefined, fallback: Language): Language {
  if (!hint) return fallback;
  const base = hint.toLowerCase().slice(0, 2);
  return (LANGUAGES as string[]).includes(base) ? (base as Language) : fallback;
}
