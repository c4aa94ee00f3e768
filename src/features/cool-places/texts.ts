import { z } from 'zod';
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import { dataKey, type Leaves, scopedTranslator, type TranslationKey } from '../../i18n/translator.js';

/**
 * The feature's own texts (French first, English second), in its folder: declared in its FeatureModule
 * (`locales`), merged by the shared translator under the feature's id at start; read here with keys typed from
 * fr.json.
 */
export type Lang = 'fr' | 'en';
export type CoolKey = Leaves<typeof fr>;
export type CoolText = (key: CoolKey, params?: Record<string, string | number>) => string;

/** The feature's id: its namespace in the translator and its migrations' prefix. */
export const COOL_PLACES = 'cool-places';
export const COOL_PLACES_LOCALES = { fr, en };

/** The texts in one language, French when a key is missing in English. */
export function coolTexts(lang: Lang): CoolText {
  return scopedTranslator<CoolKey>(COOL_PLACES, lang);
}

/** A key built from data (a kind, an import error code), checked against the catalog by a unit test. */
export const coolKey = (key: string): CoolKey => key as CoolKey;

/** One of the feature's keys for the shared flow engine, which translates it under the feature's namespace. */
export const flowKey = (key: CoolKey): TranslationKey => dataKey(`${COOL_PLACES}.${key}`);

/**
 * The summary's answer in the add and edit flows: *Confirmer* saves, *Annuler* leaves with `cancelled` and
 * changes nothing.
 */
export function confirmOrCancel(cancelled: CoolKey) {
  return {
    input: {
      kind: 'choice' as const,
      options: () => [
        { value: 'confirm', label: flowKey('edit.confirm') },
        { value: 'cancel', label: flowKey('edit.cancel') },
      ],
    },
    schema: z.enum(['confirm', 'cancel']),
    errorKey: flowKey('edit.error.choice'),
    after: (v: unknown) => (v === 'cancel' ? { type: 'exit' as const, messageKey: flowKey(cancelled) } : undefined),
  };
}
