import { z } from 'zod';
import { formatParis } from '../../domain/parisTime.js';
import { translator } from '../../i18n/translator.js';
import type { DeliveryTexts } from '../feature.js';
import { heatAlertButtons } from './buttons.js';
import { LEVELS } from './heatAlerts.js';

/** "orange|2026-07-01T22:00:00.000Z|2026-07-02T22:00:00.000Z" — what a vigilance draft's delivery refers to. */
export const DraftRef = z
  .string()
  .transform((raw) => raw.split('|'))
  .pipe(z.tuple([z.enum(LEVELS), z.iso.datetime(), z.iso.datetime()]));

const minutes = (iso: string) => String(Math.floor(new Date(iso).getTime() / 60_000));
const MARK = { yellow: '🟡', orange: '🟠', red: '🔴' } as const;

/** The message to each eco-manager when Paris turns yellow, orange or red: the level, the period, the draft. */
export const vigilanceTexts: DeliveryTexts = {
  kinds: ['vigilance-draft'],
  create: () => (payload, person) => {
    const parsed = DraftRef.safeParse(payload.ref);
    if (!parsed.success) return Promise.resolve(undefined);
    const [level, begin, end] = parsed.data;
    const t = translator(person.language);
    const lang = person.language;
    const text = [
      t('vigilance.rose', {
        mark: MARK[level],
        level: t(`alert.level.${level}`),
        from: formatParis(new Date(begin), lang),
        to: formatParis(new Date(end), lang),
      }),
      t('vigilance.draft'),
      ...(level === 'red' ? [t('vigilance.redCheckins')] : []),
    ].join('\n\n');
    return Promise.resolve({
      text,
      options: [
        {
          value: heatAlertButtons.draft.encode({ level, begin: minutes(begin), end: minutes(end) }),
          label: t('vigilance.review'),
        },
        { value: heatAlertButtons.dismissDraft.encode({}), label: t('vigilance.ignore') },
      ],
    });
  },
};
