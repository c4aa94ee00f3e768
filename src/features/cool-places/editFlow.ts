import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Answers, FlowDefinition, FlowEnv, FlowStep } from '../../flows/types.js';
import { formatDayHours } from './hours.js';
import { type Editable, EDITABLE, readEdit } from './managerDesk.js';
import type { CoolPlace, DayHours, WeekHours } from './place.js';
import type { PlaceFields } from './repository.js';
import { confirmOrCancel, coolKey, coolTexts, flowKey as k } from './texts.js';
import { type CoolPlacesContext, depsOf } from './wiring.js';

/** The flow's id: /lieuxfrais → a place → *Modifier* starts it with the place preset. */
export const EDIT_PLACE_FLOW = 'cool-place-edit';

/** Weekdays as the open data orders them (Monday first), and "every day". */
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TYPED: Editable[] = ['name', 'address', 'hours', 'heatWaveHours', 'note'];
const YES_NO: Editable[] = ['nightOpening', 'wheelchair', 'free'];

/** What the flow has been told so far, read through one schema (answers come back from the database). */
const EditAnswers = z.object({
  quartier: z.string(),
  placeId: z.string(),
  field: z.enum(EDITABLE).optional(),
  day: z.enum(['all', ...DAYS]).optional(),
  value: z.string().optional(),
});
type EditAnswers = z.infer<typeof EditAnswers>;

/** The answers, with the new value typed (or chosen) at the step of the field being edited (`value_<field>`). */
function readAnswers(a: Answers): EditAnswers | undefined {
  const value = typeof a.field === 'string' ? a[`value_${a.field}`] : undefined;
  const read = EditAnswers.safeParse({ ...a, value });
  return read.success ? read.data : undefined;
}

/** The change the answers describe, on the place as it is now (one weekday's hours keep the others). */
export function patchOf(place: CoolPlace, a: EditAnswers): Partial<PlaceFields> | undefined {
  if (!a.field || a.value === undefined) return undefined;
  const patch = readEdit(a.field, a.value);
  if (!patch || a.field !== 'hours' || !a.day || a.day === 'all') return patch;
  const hours = [...place.hours] as WeekHours;
  hours[DAYS.indexOf(a.day)] = patch.hours![0];
  return { hours };
}

function shownHours(day: DayHours, t: ReturnType<typeof coolTexts>): string {
  return formatDayHours(day, { closed: t('hours.closed'), unknown: t('hours.unknown') });
}

/** A field of a place as the eco-manager reads it (hours of the day asked, or of every day when they agree). */
function shown(place: Partial<PlaceFields>, a: EditAnswers, t: ReturnType<typeof coolTexts>): string {
  const yesNo = (b: boolean | null | undefined) =>
    b === null || b === undefined ? t('edit.unknown') : t(b ? 'edit.yes' : 'edit.no');
  switch (a.field) {
    case 'hours':
    case 'heatWaveHours': {
      const week = place[a.field];
      if (!week) return t('edit.unknown');
      if (a.field === 'hours' && a.day && a.day !== 'all') return shownHours(week[DAYS.indexOf(a.day)] ?? null, t);
      const days = week.map((d) => shownHours(d, t));
      return days.every((d) => d === days[0]) ? days[0]! : t('edit.variesByDay');
    }
    case 'nightOpening':
    case 'wheelchair':
    case 'free':
      return yesNo(place[a.field]);
    case 'note':
      return place.note || t('edit.noNote');
    case 'name':
    case 'address':
      return place[a.field] ?? '';
    default:
      return '';
  }
}

/** "Horaires (lundi)", "Accès fauteuil". */
function fieldLabel(a: EditAnswers, t: ReturnType<typeof coolTexts>): string {
  const field = t(coolKey(`edit.field.${a.field}`));
  return a.field === 'hours' && a.day
    ? t('edit.fieldOnDay', { field, day: t(coolKey(`edit.dayName.${a.day}`)) })
    : field;
}

/** An eco-manager edits one field of a place of a quartier she manages, re-checked at each step and on saving. */
export function editPlaceFlow(ctx: CoolPlacesContext & Pick<AppContext, 'logger'>): FlowDefinition {
  const deps = () => depsOf(ctx);
  const manages = (a: Answers, env: FlowEnv) => env.managedQuartiers.includes(String(a.quartier));
  const placeOf = async (a: Answers) => deps().places.get(String(a.quartier), String(a.placeId));
  const texts = (env: FlowEnv) => coolTexts(env.lang);

  /** The question of one field's step, with the place's current value. */
  const current = async (a: Answers, env: FlowEnv) => {
    const read = readAnswers(a);
    const place = await placeOf(a);
    if (!read || !place) return { current: '', day: '', name: '' };
    const t = texts(env);
    const day = read.day ? t(coolKey(`edit.dayName.${read.day}`)) : '';
    return { current: shown(place, read, t), day, name: place.name };
  };

  const typedStep = (field: Editable): FlowStep => ({
    id: `value_${field}`,
    prompt: k(coolKey(`edit.ask.${field}`)),
    promptParams: current,
    input:
      field === 'note'
        ? { kind: 'text', suggestions: () => [{ value: '-', label: k('edit.eraseNote') }] }
        : { kind: 'text' },
    schema: z
      .string()
      .trim()
      .refine((v) => readEdit(field, v) !== undefined),
    errorKey: k(coolKey(`edit.error.${field === 'heatWaveHours' ? 'hours' : field}`)),
    when: (a) => a.field === field,
  });
  const yesNoStep = (field: Editable): FlowStep => ({
    id: `value_${field}`,
    prompt: k(coolKey(`edit.ask.${field}`)),
    promptParams: current,
    input: {
      kind: 'choice',
      options: () => [
        { value: 'yes', label: k('edit.yes') },
        { value: 'no', label: k('edit.no') },
      ],
    },
    schema: z.enum(['yes', 'no']),
    errorKey: k('edit.error.choice'),
    when: (a) => a.field === field,
  });

  return {
    id: EDIT_PLACE_FLOW,
    confirmStep: 'confirm',
    // Her quartiers come from the configuration, read afresh with every message: re-checked before each answer.
    guard: (a, env) => (manages(a, env) ? undefined : k('edit.refused')),
    steps: [
      {
        id: 'field',
        prompt: k('edit.field.prompt'),
        promptParams: async (a) => ({ name: (await placeOf(a))?.name ?? '' }),
        input: {
          kind: 'choice',
          options: () => EDITABLE.map((f) => ({ value: f, label: k(coolKey(`edit.field.${f}`)) })),
        },
        schema: z.enum(EDITABLE),
        errorKey: k('edit.error.choice'),
      },
      {
        id: 'day',
        prompt: k('edit.day.prompt'),
        input: {
          kind: 'choice',
          options: () => (['all', ...DAYS] as const).map((d) => ({ value: d, label: k(`edit.day.${d}`) })),
        },
        schema: z.enum(['all', ...DAYS]),
        errorKey: k('edit.error.choice'),
        when: (a) => a.field === 'hours',
      },
      ...TYPED.map(typedStep),
      ...YES_NO.map(yesNoStep),
      {
        id: 'confirm',
        prompt: k('edit.summary'),
        async promptParams(a, env) {
          const read = readAnswers(a);
          const place = await placeOf(a);
          const t = texts(env);
          const patch = read && place ? patchOf(place, read) : undefined;
          if (!read || !place || !patch) return { name: '', field: '', before: '', after: '' };
          const after = shown({ ...place, ...patch }, read, t);
          return { name: place.name, field: fieldLabel(read, t), before: shown(place, read, t), after };
        },
        ...confirmOrCancel('edit.cancelled'),
      },
    ],
    async complete(a, env) {
      const t = texts(env);
      // Saved only for an eco-manager of the place's quartier, now (a form or a stale state skips the guard).
      if (!manages(a, env)) return [{ text: t('edit.refused') }];
      const read = readAnswers(a);
      const place = await placeOf(a);
      if (!place) return [{ text: t('manage.gone') }];
      const patch = read ? patchOf(place, read) : undefined;
      if (!read || !patch) return [{ text: t('edit.cancelled') }];
      const saved = await deps().places.edit(place.quartier, place.id, patch);
      if (!saved) return [{ text: t('manage.gone') }];
      // No audit action of its own yet (the shared list is AUDIT_ACTIONS): ids only, never the values.
      ctx.logger.info(
        { placeId: place.id, quartier: place.quartier, field: read.field, personId: env.personId },
        'cool place edited',
      );
      return [
        { text: t('edit.saved', { name: saved.name, field: fieldLabel(read, t), value: shown(saved, read, t) }) },
      ];
    },
  };
}
