import { z } from 'zod';
import { fullAddress } from '../../domain/address.js';
import { addressSteps, nameStep } from './detailSteps.js';
import { formatFrenchPhone, normalizeFrenchPhone } from '../../domain/phone.js';
import {
  AVAILABILITIES,
  type Availability,
  AvailabilitySchema,
  NEEDS,
  NETWORK_ROLES,
  type Membership,
  type SupportNetwork,
} from './supportNetwork.js';
import type { MairieRegistry } from './registry.js';
import type { AuditLog } from '../../storage/auditLog.js';
import type { Answers, FlowDefinition, FlowEnv } from '../../flows/types.js';
import { choices, oneOf } from '../../flows/answers.js';
import { EDITING, registryFromAnswers, registrySteps, registrySummaryLine } from './registrySteps.js';

const isRelay = (a: Answers) => a.role === 'relay_building' || a.role === 'relay_school';

/** Human-readable recap of the answers, shared by the summary step and /mesdonnees. */
export function describeMembership(m: Partial<Membership>, env: FlowEnv): string {
  const t = env.t;
  const lines = [
    ...(m.name ? [t('network.summary.name', { value: m.name })] : []),
    t('network.summary.quartier', {
      value: env.quartiers.find((q) => q.id === m.quartier)?.name ?? String(m.quartier),
    }),
    t('network.summary.role', { value: m.role ? t(`network.role.${m.role}`) : '' }),
    t('network.summary.address', { value: fullAddress(m, t) }),
    t('network.summary.contact', {
      value: m.phone
        ? t('network.summary.chatAndPhone', { phone: formatFrenchPhone(m.phone) })
        : t('network.summary.chatOnly'),
    }),
  ];
  if (m.availability) lines.push(t('network.summary.availability', { value: availabilityText(m.availability, env) }));
  if (m.needs) lines.push(t('network.summary.needs', { value: t(`network.needs.${m.needs}`) }));
  if (m.entryCode) lines.push(t('network.summary.entryCode', { value: m.entryCode }));
  return lines.join('\n');
}

/** "evenings,weekends" → "Le soir, Le week-end". */
const availabilityText = (v: unknown, env: Pick<FlowEnv, 't'>) =>
  String(v)
    .split(',')
    .map((a) => env.t(`network.availability.${a as Availability}`))
    .join(', ');

/** The signup's answers, read through one schema (they come back from the database), not casts. */
const SignupAnswers = z.object({
  quartier: z.string(),
  role: z.enum(NETWORK_ROLES),
  address: z.string(),
  contact: z.string().optional(),
  phone: z.string().optional(),
  availability: AvailabilitySchema.optional(),
  needs: z.enum(NEEDS).optional(),
  name: z.string().optional(),
  building: z.string().optional(),
  floor: z.string().optional(),
  door: z.string().optional(),
  entryCode: z.string().optional(),
});

export function membershipFromAnswers(raw: Answers): Membership {
  const a = SignupAnswers.parse(raw);
  return {
    quartier: a.quartier,
    role: a.role,
    address: a.address,
    phone: a.contact === 'phone' && a.phone ? a.phone : null,
    availability: a.role === 'volunteer' ? (a.availability ?? null) : null,
    needs: a.role === 'supported' ? (a.needs ?? null) : null,
    name: a.name || null,
    // Where exactly, and how to get in: only people supported are visited.
    building: (a.role === 'supported' && a.building) || null,
    floor: (a.role === 'supported' && a.floor) || null,
    door: (a.role === 'supported' && a.door) || null,
    entryCode: (a.role === 'supported' && a.entryCode) || null,
  };
}

/** Turns a stored membership back into answers, so /modifier can offer "keep" on every step. */
export function answersFromMembership(m: Membership): Answers {
  return {
    quartier: m.quartier,
    role: m.role,
    address: m.address,
    contact: m.phone ? 'phone' : 'chat',
    ...(m.phone ? { phone: m.phone } : {}),
    ...(m.availability ? { availability: m.availability } : {}),
    ...(m.needs ? { needs: m.needs } : {}),
    // A skipped detail is '' (shown "non renseigné"), so "Garder" is offered on every step.
    name: m.name ?? '',
    ...(m.role === 'supported'
      ? { building: m.building ?? '', floor: m.floor ?? '', door: m.door ?? '', entryCode: m.entryCode ?? '' }
      : {}),
  };
}

/** What joining writes: the membership, and the separate consent to the mairie's registry (REGISTRY_EXPORT). */
export interface SignupDeps {
  network: Pick<SupportNetwork, 'join'>;
  registry: Pick<MairieRegistry, 'save' | 'remove'>;
  audit: Pick<AuditLog, 'record'>;
}

/** Joining the quartier's heat-wave support network ("réseau de soutien canicule"). */
export const networkSignupFlow = (deps: SignupDeps): FlowDefinition => ({
  id: 'network-signup',
  steps: [
    {
      id: 'quartier',
      prompt: 'network.ask.quartier',
      input: {
        kind: 'choice',
        options: (_a, env) => env.quartiers.map((q) => ({ value: q.id, label: q.name, literal: true })),
      },
      schema: z.string().min(1),
      errorKey: 'network.error.quartier',
      display: (v, env) => env.quartiers.find((q) => q.id === v)?.name ?? String(v),
    },
    {
      id: 'role',
      prompt: 'network.ask.role',
      input: { kind: 'choice', options: choices(NETWORK_ROLES, 'network.role') },
      schema: oneOf(NETWORK_ROLES),
      errorKey: 'network.error.choice',
    },
    ...addressSteps,
    {
      id: 'contact',
      prompt: 'network.ask.contact',
      input: { kind: 'choice', options: choices(['chat', 'phone'], 'network.contact') },
      schema: oneOf(['chat', 'phone']),
      errorKey: 'network.error.choice',
    },
    {
      id: 'phone',
      prompt: 'network.ask.phone',
      when: (a) => a.contact === 'phone',
      input: { kind: 'text' },
      schema: z.string().transform((s, ctx) => {
        const phone = normalizeFrenchPhone(s);
        if (!phone) {
          ctx.addIssue({ code: 'custom', message: 'not a French phone number' });
          return z.NEVER;
        }
        return phone;
      }),
      errorKey: 'network.error.phone',
      display: (v) => formatFrenchPhone(String(v)),
    },
    {
      id: 'availability',
      prompt: 'network.ask.availability',
      when: (a) => a.role === 'volunteer',
      input: {
        kind: 'choice',
        options: choices(AVAILABILITIES, 'network.availability'),
        multiple: { exclusive: ['anytime'] },
      },
      schema: AvailabilitySchema,
      errorKey: 'network.error.choice',
      display: availabilityText,
    },
    {
      id: 'needs',
      prompt: 'network.ask.needs',
      when: (a) => a.role === 'supported',
      input: { kind: 'choice', options: choices(NEEDS, 'network.needs') },
      schema: oneOf(NEEDS),
      errorKey: 'network.error.choice',
    },
    nameStep,
    {
      id: 'consent',
      prompt: 'network.ask.consent',
      promptParams: (a, env) => ({
        quartier: env.quartiers.find((q) => q.id === a.quartier)?.name ?? '',
        // Only a person supported has a volunteer matched with them; a volunteer's answers go to the eco-manager.
        sharedWith: env.t(a.role === 'supported' ? 'network.consentShare.supported' : 'network.consentShare.other'),
      }),
      input: { kind: 'choice', options: choices(['yes', 'no'], 'network.consent') },
      schema: oneOf(['yes', 'no']),
      errorKey: 'network.error.choice',
      after: (v) => (v === 'no' ? { type: 'exit', messageKey: 'network.declined' } : undefined),
    },
    ...registrySteps,
    {
      id: 'summary',
      prompt: 'network.ask.summary',
      promptParams: (a, env) => ({
        summary: [describeMembership(membershipFromAnswers(a), env), registrySummaryLine(a, env)]
          .filter(Boolean)
          .join('\n'),
      }),
      input: { kind: 'choice', options: choices(['confirm', 'edit', 'cancel'], 'network.summaryAction') },
      schema: oneOf(['confirm', 'edit', 'cancel']),
      errorKey: 'network.error.choice',
      after: (v, a) =>
        v === 'cancel'
          ? { type: 'exit', messageKey: a[EDITING] ? 'flow.cancelledKept' : 'network.cancelled' }
          : v === 'edit'
            ? { type: 'restart' }
            : { type: 'complete' },
    },
  ],
  async complete(answers, env) {
    const membership = membershipFromAnswers(answers);
    await deps.network.join(env.personId, membership);
    // The registry's consent is its own: given, it is recorded (audited); refused or no longer supported, erased.
    const registry = registryFromAnswers(answers);
    if (registry) {
      await deps.registry.save(env.personId, registry);
      await deps.audit.record(env.personId, 'registry.consent', { quartier: membership.quartier });
    } else if (registry === null) await deps.registry.remove(env.personId);
    return [
      {
        text: env.t(
          isRelay(answers) ? 'network.joined.relay' : `network.joined.${membership.role as 'supported' | 'volunteer'}`,
        ),
      },
    ];
  },
});

/**
 * /quitter: leaving the network erases every personal row, after one confirmation. `tipJobs`: the weekly tips'
 * scheduler (the tips feature's producer), told to forget the person.
 */
export const leaveNetworkFlow = (deps: {
  network: Pick<SupportNetwork, 'erase'>;
  tipJobs: { unschedule: (personId: string) => Promise<unknown> };
}): FlowDefinition => ({
  id: 'leave-network',
  steps: [
    {
      id: 'confirm',
      prompt: 'leave.ask.confirm',
      input: { kind: 'choice', options: choices(['yes', 'no'], 'leave.option') },
      schema: oneOf(['yes', 'no']),
      errorKey: 'network.error.choice',
      after: (v) => (v === 'no' ? { type: 'exit', messageKey: 'leave.kept' } : undefined),
    },
  ],
  async complete(_answers, env) {
    await deps.network.erase(env.personId);
    // Erasing the person also ends their weekly tips: their scheduler goes with them.
    await deps.tipJobs.unschedule(env.personId);
    return [{ text: env.t('leave.done') }];
  },
});
