import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };

/**
 * The feature's own texts (French first, English second), kept in its folder so that the feature contract can
 * collect them (issue 25); until then this accessor reads them, typed like the shared translator.
 */
export type Lang = 'fr' | 'en';
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type CoolKey = Leaves<typeof fr>;
export type CoolText = (key: CoolKey, params?: Record<string, string | number>) => string;

type Catalog = { [key: string]: string | Catalog };
export const COOL_PLACES_LOCALES: Record<Lang, Catalog> = { fr, en };

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) node = node === undefined || typeof node === 'string' ? undefined : node[part];
  return typeof node === 'string' ? node : undefined;
}

/** The texts in one language, French when a key is missing in English. */
export function coolTexts(lang: Lang): CoolText {
  return (key, params = {}) => {
    const template = lookup(COOL_PLACES_LOCALES[lang], key) ?? lookup(fr, key) ?? key;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

/** A key built from data (a kind, an import error code), checked against the catalog by a unit test. */
export const coolKey = (key: string): CoolKey => key as CoolKey;
