/**
 * Lines other features add to the heat-alert messages, per person (e.g. the cool places open near their
 * building). Heat-alerts calls it, a feature implements it, the composition root (src/app.ts) connects them:
 * neither feature imports the other.
 */
export type HeatAlertMoment =
  /** The alert message, under the eco-manager's text. */
  | 'alert'
  /** The morning "Tout va bien ?". */
  | 'checkin'
  /** The reply to "J'ai besoin d'aide". */
  | 'help'
  /** The volunteer's escalation about a person supported (`about` is that person; `lang` the volunteer's). */
  | 'escalation';

/** Where a person lives in the network: their quartier and address. */
export interface Whereabouts {
  quartier: string;
  address: string;
}

/** Whom the lines are about; `whereabouts` when the caller read them already (null: not in the network). */
export interface ExtrasAbout {
  personId: string;
  whereabouts?: Whereabouts | null;
}

export interface HeatAlertExtras {
  /** Extra text for this moment about this person, in `lang`; '' when the feature has nothing to add. */
  lines(moment: HeatAlertMoment, about: ExtrasAbout, lang: 'fr' | 'en'): Promise<string>;
}

/** Nothing to add (no feature contributes). */
export const NO_EXTRAS: HeatAlertExtras = { lines: async () => '' };

/**
 * The contributions of several features, in their order, each separated by a blank line. A contributor that
 * fails adds nothing: an extra line never holds back an alert or a call for help.
 */
export function combineExtras(
  contributors: HeatAlertExtras[],
  onError: (err: unknown) => void = () => {},
): HeatAlertExtras {
  if (!contributors.length) return NO_EXTRAS;
  return {
    async lines(moment, about, lang) {
      const parts = await Promise.all(
        contributors.map((c) =>
          c.lines(moment, about, lang).catch((err) => {
            onError(err);
            return '';
          }),
        ),
      );
      return parts.filter((p) => p.trim()).join('\n\n');
    },
  };
}

/** `text` followed by the extras (after a blank line) when there are any. */
export const withExtras = (text: string, extra: string): string => (extra ? `${text}\n\n${extra}` : text);
