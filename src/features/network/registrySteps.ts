import { z } from 'zod';
import { DateTime } from 'luxon';
import type { Answers, FlowEnv, FlowStep } from '../../flows/types.js';
import { choices, oneOf } from '../../flows/answers.js';
import { foldText } from '../../i18n/folding.js';
import { REQUESTERS, type RegistryEntry } from './registry.js';
import { formatFrenchPhone, normalizeFrenchPhone } from '../../domain/phone.js';

/** Set (as a preset) when the deployment turned REGISTRY_EXPORT on: only then is the question asked. */
export const REGISTRY_OFFERED = 'registryOffered';
/** Set (as a preset) by /modifier: the person is already a member, so cancelling changes nothing. */
export const EDITING = 'editing';

const offered = (a: Answers) => a[REGISTRY_OFFERED] === true && a.role === 'supported';
const consented = (a: Answers) => offered(a) && a.registry === 'yes';
const SKIP = 'skip';
const skipButton = () => [{ value: SKIP, label: 'network.registry.skip' }];
/** A skipped answer is kept as '' and shown as "non renseigné". */
const shown = (v: unknown, env: FlowEnv) => (v ? String(v) : env.t('network.registry.none'));

/** A few words, or nothing when "Passer" was pressed. */
const optionalText = z.string().transform((s, ctx) => {
  const v = s.trim();
  if (v === SKIP) return '';
  if (v.length < 2 || v.length > 120) {
    ctx.addIssue({ code: 'custom', message: 'between 2 and 120 characters' });
    return z.NEVER;
  }
  return v;
});
const name = z.string().trim().min(1).max(60);

const MONTHS = [
  ['janvier', 'janv', 'january', 'jan'],
  ['fevrier', 'fevr', 'fev', 'february', 'feb'],
  ['mars', 'march', 'mar'],
  ['avril', 'avr', 'april', 'apr'],
  ['mai', 'may'],
  ['juin', 'june', 'jun'],
  ['juillet', 'juil', 'july', 'jul'],
  ['aout', 'august', 'aug'],
  ['septembre', 'sept', 'sep', 'september'],
  ['octobre', 'oct', 'october'],
  ['novembre', 'nov', 'november'],
  ['decembre', 'dec', 'december'],
];

/** "3 mars 1942", "1er août 1940", "14 juillet 1941": a date written in words, as d/M/yyyy (else as typed). */
function writtenDate(v: string): string {
  const m = /^(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$/.exec(foldText(v).replace(/\s+/g, ' '));
  const month = m && MONTHS.findIndex((names) => names.includes(m[2]!));
  return m && month !== null && month >= 0 ? `${m[1]}/${month + 1}/${m[3]}` : v;
}

/** dd/mm/yyyy (or written in words) of someone alive, or nothing. */
const birthDate = z.string().transform((s, ctx) => {
  const v = s.trim();
  if (v === SKIP) return '';
  const d = DateTime.fromFormat(writtenDate(v).replace(/[.-]/g, '/'), 'd/M/yyyy');
  if (!d.isValid || d.year < 1900 || d > DateTime.now()) {
    ctx.addIssue({ code: 'custom', message: 'not a birth date' });
    return z.NEVER;
  }
  return d.toFormat('dd/MM/yyyy');
});

/**
 * The separate, optional consent to the mairie's registry of vulnerable persons (REGISTRY_EXPORT=on), asked of
 * people supported after their consent to the network, then the registry's own fields.
 */
export const registrySteps: FlowStep[] = [
  {
    id: 'registry',
    prompt: 'network.ask.registry',
    when: offered,
    input: { kind: 'choice', options: choices(['yes', 'no'], 'network.registry') },
    schema: oneOf(['yes', 'no']),
    errorKey: 'network.error.choice',
  },
  {
    id: 'lastName',
    prompt: 'network.ask.lastName',
    when: consented,
    input: { kind: 'text' },
    schema: name,
    errorKey: 'network.error.name',
  },
  {
    id: 'firstName',
    prompt: 'network.ask.firstName',
    when: consented,
    input: { kind: 'text' },
    schema: name,
    errorKey: 'network.error.name',
  },
  {
    id: 'birthDate',
    prompt: 'network.ask.birthDate',
    when: consented,
    input: { kind: 'text', suggestions: skipButton },
    schema: birthDate,
    display: shown,
    errorKey: 'network.error.birthDate',
  },
  {
    id: 'homeHelp',
    prompt: 'network.ask.homeHelp',
    when: consented,
    input: { kind: 'text', suggestions: skipButton },
    schema: optionalText,
    display: shown,
    errorKey: 'network.error.shortText',
  },
  {
    id: 'emergencyContact',
    prompt: 'network.ask.emergencyContact',
    when: consented,
    input: { kind: 'text', suggestions: skipButton },
    schema: optionalText,
    display: shown,
    errorKey: 'network.error.shortText',
  },
  {
    id: 'registryPhone',
    prompt: 'network.ask.registryPhone',
    // The mairie calls: a number, when the network's contact is this chat only.
    when: (a) => consented(a) && a.contact !== 'phone',
    input: { kind: 'text', suggestions: skipButton },
    schema: z.string().transform((s, ctx) => {
      if (s.trim() === SKIP) return '';
      const phone = normalizeFrenchPhone(s);
      if (!phone) {
        ctx.addIssue({ code: 'custom', message: 'not a French phone number' });
        return z.NEVER;
      }
      return phone;
    }),
    display: (v, env) => (v ? formatFrenchPhone(String(v)) : env.t('network.registry.none')),
    errorKey: 'network.error.phone',
  },
  {
    id: 'requester',
    prompt: 'network.ask.requester',
    when: consented,
    input: { kind: 'choice', options: choices(REQUESTERS, 'network.requester') },
    schema: oneOf(REQUESTERS),
    errorKey: 'network.error.choice',
  },
];

const RegistryAnswers = z.object({
  lastName: z.string(),
  firstName: z.string(),
  birthDate: z.string().optional(),
  homeHelp: z.string().optional(),
  emergencyContact: z.string().optional(),
  requester: z.enum(REQUESTERS),
  registryPhone: z.string().optional(),
});

/** What to keep: the entry when consented, null when the question was asked and refused, undefined otherwise. */
export function registryFromAnswers(a: Answers): RegistryEntry | null | undefined {
  if (!offered(a)) return a.role === 'supported' ? undefined : null;
  if (!consented(a)) return null;
  const r = RegistryAnswers.parse(a);
  return {
    lastName: r.lastName,
    firstName: r.firstName,
    birthDate: r.birthDate || null,
    homeHelp: r.homeHelp || null,
    emergencyContact: r.emergencyContact || null,
    requester: r.requester,
    phone: r.registryPhone || null,
  };
}

/** A stored entry back as answers, for /modifier's "Garder" buttons. */
export function answersFromRegistry(e: RegistryEntry | undefined): Answers {
  if (!e) return {};
  return {
    registry: 'yes',
    lastName: e.lastName,
    firstName: e.firstName,
    birthDate: e.birthDate ?? '',
    homeHelp: e.homeHelp ?? '',
    emergencyContact: e.emergencyContact ?? '',
    requester: e.requester,
    registryPhone: e.phone ?? '',
  };
}

/** The recap line of /mesdonnees and of the signup's summary. */
export function describeRegistry(e: RegistryEntry | null | undefined, env: FlowEnv): string | undefined {
  if (e === undefined) return undefined;
  if (e === null) return env.t('network.summary.registryNo');
  return env.t('network.summary.registryYes', {
    name: `${e.firstName} ${e.lastName}`,
    requester: env.t(`network.requester.${e.requester}`),
  });
}

/** The summary's registry line: only where the question was asked (REGISTRY_EXPORT=on, a person supported). */
export function registrySummaryLine(a: Answers, env: FlowEnv): string | undefined {
  return offered(a) ? describeRegistry(registryFromAnswers(a), env) : undefined;
}
