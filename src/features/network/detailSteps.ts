import { z } from 'zod';
import { canonicalAddress, closeStreets, splitAddress } from '../../domain/streets.js';
import type { Answers, ChoiceOption, FlowEnv, FlowStep } from '../../flows/types.js';
import { normalizeAddress } from '../../domain/address.js';

/** Set (as a preset) when DATA_KEY is configured: only then is the entry code asked. */
export const ENTRY_CODE_OFFERED = 'entryCodeOffered';

const SKIP = 'skip';
const skipButton = () => [{ value: SKIP, label: 'network.registry.skip' }];
const supported = (a: Answers) => a.role === 'supported';
/** A skipped detail is kept as '' and shown as "non renseigné". */
const shown = (v: unknown, env: FlowEnv) => (v ? String(v) : env.t('network.registry.none'));

/** A short answer (1 to `max` characters), or nothing when "Passer" was pressed. */
const optional = (max: number) =>
  z.string().transform((s, ctx) => {
    const v = s.replace(/\s+/g, ' ').trim();
    if (v === SKIP) return '';
    if (!v || v.length > max) {
      ctx.addIssue({ code: 'custom', message: `1 to ${max} characters` });
      return z.NEVER;
    }
    return v;
  });

/** A typed address: a listed street written its one way, else the typed text tidied ("bd" → "boulevard"). */
const addressSchema = z.string().transform((s, ctx) => {
  const address = canonicalAddress(s)?.address ?? normalizeAddress(s);
  if (!address) {
    ctx.addIssue({ code: 'custom', message: 'not an address' });
    return z.NEVER;
  }
  return address;
});

const cut = (s: string) => (s.length > 55 ? `${s.slice(0, 54)}…` : s);

/** The quartier's streets close to a typed one that is not listed: "Vouliez-vous dire" buttons. */
function suggestions(a: Answers): string[] {
  const address = String(a.address ?? '');
  if (canonicalAddress(address, String(a.quartier))) return [];
  const { number } = splitAddress(address);
  return closeStreets(address, String(a.quartier)).map((s) => (number ? `${number} ${s.name}` : s.name));
}

const detail = (id: string, prompt: 'building' | 'floor' | 'door' | 'entryCode', when: (a: Answers) => boolean) =>
  ({
    id,
    prompt: `network.ask.${prompt}`,
    when,
    input: { kind: 'text', suggestions: skipButton },
    schema: optional(60),
    display: shown,
    errorKey: 'network.error.detail',
  }) satisfies FlowStep;

/** The address, its "Vouliez-vous dire" check, then where exactly a person supported lives. */
export const addressSteps: FlowStep[] = [
  {
    id: 'address',
    prompt: (a) => (a.role === 'relay_school' ? 'network.ask.schoolAddress' : 'network.ask.address'),
    input: { kind: 'text' },
    schema: addressSchema,
    errorKey: 'network.error.address',
  },
  {
    id: 'street',
    prompt: 'network.ask.street',
    promptParams: (a) => ({ street: splitAddress(suggestions(a)[0] ?? '').rest }),
    when: (a) => suggestions(a).length > 0,
    input: {
      kind: 'choice',
      options: (a, env): ChoiceOption[] => [
        ...suggestions(a).map((s, i) => ({ value: `s${i}`, label: cut(s), literal: true })),
        // Slack cuts button labels at 75 characters.
        { value: 'typed', label: env.t('network.street.asTyped', { address: cut(String(a.address)) }), literal: true },
      ],
    },
    schema: z.string().regex(/^(s[0-2]|typed)$/),
    errorKey: 'network.error.choice',
    // A suggestion chosen replaces the address; "as typed" keeps it (the list is kept by hand, it may miss one).
    after: (v, a) => {
      const chosen = /^s(\d)$/.exec(String(v));
      const address = chosen ? suggestions(a)[Number(chosen[1])] : undefined;
      return address ? { type: 'set', answers: { address } } : undefined;
    },
  },
  detail('building', 'building', supported),
  detail('floor', 'floor', supported),
  detail('door', 'door', supported),
  detail('entryCode', 'entryCode', (a) => supported(a) && a[ENTRY_CODE_OFFERED] === true),
];

/** The name they want to be called by, for every role. */
export const nameStep: FlowStep = {
  id: 'name',
  prompt: 'network.ask.name',
  input: { kind: 'text', suggestions: skipButton },
  // A name has a letter: a number typed here picks a button ("2" for "2. Garder : Jeanne").
  schema: optional(60).refine((v) => v === '' || /\p{L}/u.test(v)),
  display: (v, env) => (v ? String(v) : env.t('network.summary.noName')),
  errorKey: 'network.error.detail',
};
