import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Answers, FlowDefinition, FlowEnv, FlowStep } from '../../flows/types.js';
import { formatDayHours } from './hours.js';
import { type Editable, readEdit } from './managerDesk.js';
import { PLACE_KINDS } from './place.js';
import { quartierArea } from './quartiers.js';
import { confirmOrCancel, coolKey, coolTexts, flowKey as k } from './texts.js';
import { type CoolPlacesContext, depsOf } from './wiring.js';

/** The flow's id: /lieuxfrais → *Ajouter un lieu* starts it with the quartier preset. */
export const ADD_PLACE_FLOW = 'cool-place-add';

/** What the flow has been told, read through one schema (answers come back from the database). */
const AddAnswers = z.object({
  quartier: z.string(),
  name: z.string(),
  kind: z.enum(PLACE_KINDS),
  address: z.string(),
  hours: z.string(),
});

// Paris's centre, for a quartier an install added without its area (quartiers.ts).
const PARIS_CENTRE = { lat: 48.8566, lon: 2.3522 };

/** An eco-manager adds a place by hand (name, kind, address, every day's hours); the open data stays untouched. */
export function addPlaceFlow(ctx: CoolPlacesContext & Pick<AppContext, 'logger'>): FlowDefinition {
  const deps = () => depsOf(ctx);
  const manages = (a: Answers, env: FlowEnv) => env.managedQuartiers.includes(String(a.quartier));
  const quartierName = (a: Answers) => deps().quartiers.find((q) => q.id === a.quartier)?.name ?? String(a.quartier);
  const typed = (id: Editable & ('name' | 'address' | 'hours')): FlowStep => ({
    id,
    prompt: k(coolKey(`add.ask.${id}`)),
    promptParams: (a) => ({ quartier: quartierName(a) }),
    input: { kind: 'text' },
    schema: z
      .string()
      .trim()
      .refine((v) => readEdit(id, v) !== undefined),
    errorKey: k(coolKey(`edit.error.${id}`)),
  });
  /** The answers as the eco-manager reads them back (kind and hours in words). */
  const shown = (a: Answers, env: FlowEnv) => {
    const read = AddAnswers.safeParse(a);
    if (!read.success) return undefined;
    const t = coolTexts(env.lang);
    const week = readEdit('hours', read.data.hours)?.hours;
    const hours = formatDayHours(week?.[0] ?? null, { closed: t('hours.closed'), unknown: t('hours.unknown') });
    return { ...read.data, kind: t(coolKey(`kind.${read.data.kind}`)), hours, week, quartierName: quartierName(a) };
  };

  return {
    id: ADD_PLACE_FLOW,
    confirmStep: 'confirm',
    guard: (a, env) => (manages(a, env) ? undefined : k('edit.refused')),
    steps: [
      typed('name'),
      {
        id: 'kind',
        prompt: k('add.ask.kind'),
        input: {
          kind: 'choice',
          options: (_a, env) =>
            PLACE_KINDS.map((kind) => {
              const label = coolTexts(env.lang)(coolKey(`kind.${kind}`));
              return { value: kind, label: label.charAt(0).toUpperCase() + label.slice(1), literal: true };
            }),
        },
        schema: z.enum(PLACE_KINDS),
        errorKey: k('edit.error.choice'),
      },
      typed('address'),
      typed('hours'),
      {
        id: 'confirm',
        prompt: k('add.summary'),
        promptParams: (a, env) => {
          const s = shown(a, env);
          return s
            ? { quartier: s.quartierName, name: s.name, kind: s.kind, address: s.address, hours: s.hours }
            : { quartier: '', name: '', kind: '', address: '', hours: '' };
        },
        ...confirmOrCancel('add.cancelled'),
      },
    ],
    async complete(a, env) {
      const t = coolTexts(env.lang);
      if (!manages(a, env)) return [{ text: t('edit.refused') }];
      const s = shown(a, env);
      if (!s?.week) return [{ text: t('add.cancelled') }];
      // Placed where the address API puts it, else at the quartier's centre (and she is told).
      const centre = quartierArea(s.quartier)?.centre ?? PARIS_CENTRE;
      const located = await deps().geocoder?.locate(s.address, centre);
      const place = await deps().places.add(s.quartier, {
        name: s.name,
        kind: AddAnswers.shape.kind.parse(a.kind),
        address: s.address,
        ...(located ?? centre),
        hours: s.week,
        heatWaveHours: null,
        nightOpening: false,
        open24h: false,
        wheelchair: null,
        free: null,
        note: null,
      });
      ctx.logger.info(
        { placeId: place.id, quartier: place.quartier, located: Boolean(located), personId: env.personId },
        'cool place added',
      );
      const saved = t('add.saved', { name: place.name, quartier: s.quartierName });
      return [{ text: located ? saved : `${saved}\n${t('add.centre')}` }];
    },
  };
}
