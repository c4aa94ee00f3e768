import { z } from 'zod';
import {
  DEFAULT_REMINDERS,
  INVITE_AUDIENCES,
  MEETING_KINDS,
  type Meeting,
  type NewMeeting,
} from './renovationMeetings.js';
import { formatParis } from '../../domain/parisTime.js';
import { describeReminders } from './texts.js';
import { choices, oneOf, parisDateAnswer } from '../../flows/answers.js';
import type { Answers, FlowDefinition, FlowEnv } from '../../flows/types.js';
import type { FlowServices } from '../../flows/services.js';

/** "1h30", "2 h", "90 min", "45" (minutes) → minutes. */
export const durationAnswer = z.string().transform((s, ctx) => {
  const t = s.trim().toLowerCase().replace(',', '.');
  const hm = /^(\d{1,2})\s*h\s*(\d{1,2})?$/.exec(t);
  const min = /^(\d{1,3})\s*(?:min|minutes?)?$/.exec(t);
  const minutes = hm ? Number(hm[1]) * 60 + Number(hm[2] ?? 0) : min ? Number(min[1]) : NaN;
  if (!(minutes >= 15 && minutes <= 12 * 60)) {
    ctx.addIssue({ code: 'custom', message: 'not a duration' });
    return z.NEVER;
  }
  return minutes;
});

const capacityAnswer = z.string().transform((s, ctx) => {
  if (s === 'none') return null;
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    ctx.addIssue({ code: 'custom', message: 'not a capacity' });
    return z.NEVER;
  }
  return n;
});

const futureDate = (env: FlowEnv) =>
  parisDateAnswer()(env).refine((iso) => new Date(iso).getTime() > env.now().getTime(), 'in the past');

const quartierName = (id: unknown, env: FlowEnv) => env.quartiers.find((q) => q.id === id)?.name ?? String(id);

/** When to remind those registered: the deployment's default (MEETING_REMINDERS), or another choice. */
const REMINDER_CHOICES = ['default', 'P1D,PT1H', 'P7D,P1D', 'none'] as const;

/** The answers as a meeting (also used by the CLI). */
export function meetingFromAnswers(raw: Answers, defaults: string[] = DEFAULT_REMINDERS): NewMeeting {
  const a = MeetingAnswers.parse(raw);
  const choice = a.reminders ?? 'default';
  const reminders = choice === 'default' ? defaults : choice === 'none' ? [] : choice.split(',');
  const startsAt = new Date(a.start);
  return {
    kind: a.kind,
    title: a.title,
    quartier: a.quartier,
    place: a.place,
    startsAt,
    endsAt: new Date(startsAt.getTime() + a.duration * 60_000),
    capacity: a.capacity ?? null,
    invite: { audience: a.invite, ...(a.street && a.street !== 'all' ? { street: a.street } : {}) },
    reminders,
  };
}

/** The answers of the meeting flows, read through one schema (they come back from the database), not casts. */
const MeetingAnswers = z.object({
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  quartier: z.string(),
  place: z.string(),
  start: z.string(),
  duration: z.coerce.number(),
  capacity: z.number().nullable().optional(),
  invite: z.enum(INVITE_AUDIENCES),
  street: z.string().optional(),
  reminders: z.string().optional(),
});

/** /evenement — an eco-manager announces a rénovation meeting to their quartier. */
export const meetingCreateFlow: FlowDefinition<FlowServices> = {
  id: 'meeting-create',
  confirmStep: 'preview',
  steps: [
    {
      id: 'kind',
      prompt: 'meetingFlow.ask.kind',
      input: { kind: 'choice', options: choices(MEETING_KINDS, 'meeting.kind') },
      schema: oneOf(MEETING_KINDS),
      errorKey: 'network.error.choice',
    },
    {
      id: 'title',
      prompt: 'meetingFlow.ask.title',
      input: { kind: 'text' },
      schema: z.string().trim().min(3).max(120),
      errorKey: 'meetingFlow.error.title',
    },
    {
      id: 'quartier',
      prompt: 'meetingFlow.ask.quartier',
      input: {
        kind: 'choice',
        options: (_a, env) =>
          env.managedQuartiers.map((id) => ({ value: id, label: quartierName(id, env), literal: true })),
      },
      schema: z.string().min(1),
      errorKey: 'alertFlow.error.quartiers',
    },
    {
      id: 'place',
      prompt: 'meetingFlow.ask.place',
      input: { kind: 'text' },
      schema: z.string().trim().min(3).max(200),
      errorKey: 'meetingFlow.error.place',
    },
    {
      id: 'start',
      prompt: 'meetingFlow.ask.start',
      input: { kind: 'text' },
      schema: futureDate,
      errorKey: 'meetingFlow.error.start',
      display: (v, env) => formatParis(new Date(String(v)), env.lang),
    },
    {
      id: 'duration',
      prompt: 'meetingFlow.ask.duration',
      input: {
        kind: 'text',
        suggestions: () => ['1h', '1h30', '2h', '3h'].map((d) => ({ value: d, label: d, literal: true })),
      },
      schema: durationAnswer,
      errorKey: 'meetingFlow.error.duration',
    },
    {
      id: 'capacity',
      prompt: 'meetingFlow.ask.capacity',
      input: { kind: 'text', suggestions: () => [{ value: 'none', label: 'meetingFlow.noLimit' }] },
      schema: capacityAnswer,
      errorKey: 'meetingFlow.error.capacity',
    },
    {
      id: 'invite',
      prompt: 'meetingFlow.ask.invite',
      input: { kind: 'choice', options: choices(INVITE_AUDIENCES, 'meetingFlow.invite') },
      schema: oneOf(INVITE_AUDIENCES),
      errorKey: 'network.error.choice',
    },
    {
      id: 'street',
      prompt: 'meetingFlow.ask.street',
      when: (a) => a.invite !== 'none',
      input: { kind: 'text', suggestions: () => [{ value: 'all', label: 'meetingFlow.wholeQuartier' }] },
      schema: z.string().trim().min(3).max(100),
      errorKey: 'meetingFlow.error.street',
    },
    {
      id: 'reminders',
      prompt: 'meetingFlow.ask.reminders',
      input: {
        kind: 'choice',
        options: () => REMINDER_CHOICES.map((value, i) => ({ value, label: `meetingFlow.reminders.r${i}` })),
      },
      schema: oneOf(REMINDER_CHOICES),
      errorKey: 'network.error.choice',
    },
    {
      id: 'preview',
      prompt: 'meetingFlow.ask.preview',
      promptParams: async (a, env, services) => {
        const m = meetingFromAnswers(a, services.meetingReminders);
        const invited =
          a.invite === 'none'
            ? 0
            : (
                await services.meetings.invitees({
                  ...m,
                  id: '',
                  status: 'scheduled',
                  followupText: null,
                  createdBy: '',
                })
              ).length;
        return {
          kind: env.t(`meeting.kind.${m.kind}`),
          title: m.title,
          quartier: quartierName(m.quartier, env),
          place: m.place,
          start: formatParis(m.startsAt, env.lang),
          end: formatParis(m.endsAt, env.lang),
          capacity: m.capacity === null ? env.t('meetingFlow.noLimit') : String(m.capacity),
          invited: String(invited),
          reminders: describeReminders(m.reminders, env.lang),
        };
      },
      input: {
        kind: 'choice',
        options: () => [
          { value: 'publish', label: 'meetingFlow.publish' },
          { value: 'cancel', label: 'alertFlow.cancel' },
        ],
      },
      schema: z.enum(['publish', 'cancel']),
      errorKey: 'network.error.choice',
      after: (v) => (v === 'cancel' ? { type: 'exit', messageKey: 'meetingFlow.cancelled' } : undefined),
    },
  ],
  async complete(a, env, services) {
    const input = meetingFromAnswers(a, services.meetingReminders);
    if (!env.managedQuartiers.includes(input.quartier)) return [{ text: env.t('alertFlow.notYours') }];
    const meeting = await services.meetings.create(input, env.personId);
    await services.meetingJobs.scheduleReminders(meeting);
    await services.meetingJobs.announce(meeting.id);
    return [{ text: env.t('meetingFlow.published', { title: meeting.title }) }];
  },
};

/** Moving a meeting (from the eco-manager's /evenements list): new start and duration. */
export const meetingMoveFlow: FlowDefinition<FlowServices> = {
  id: 'meeting-move',
  steps: [
    {
      id: 'start',
      prompt: 'meetingFlow.ask.newStart',
      input: { kind: 'text' },
      schema: futureDate,
      errorKey: 'meetingFlow.error.start',
    },
    {
      id: 'duration',
      prompt: 'meetingFlow.ask.duration',
      input: {
        kind: 'text',
        suggestions: () => ['1h', '1h30', '2h', '3h'].map((d) => ({ value: d, label: d, literal: true })),
      },
      schema: durationAnswer,
      errorKey: 'meetingFlow.error.duration',
    },
  ],
  async complete(a, env, services) {
    const before = await services.meetings.get(String(a.meetingId));
    if (!before || !env.managedQuartiers.includes(before.quartier)) return [{ text: env.t('alertFlow.notYours') }];
    const startsAt = new Date(String(a.start));
    const endsAt = new Date(startsAt.getTime() + Number(a.duration) * 60_000);
    await moveMeeting(services, before.id, startsAt, endsAt, env.personId);
    return [{ text: env.t('meetingDesk.moved', { title: before.title, when: formatParis(startsAt, env.lang) }) }];
  },
};

/** Moves a meeting: its reminders follow, and everyone registered is told. Shared by the flow and the CLI. */
export async function moveMeeting(
  services: Pick<FlowServices, 'meetings' | 'meetingJobs'>,
  id: string,
  startsAt: Date,
  endsAt: Date,
  by: string,
): Promise<void> {
  const before = await services.meetings.get(id);
  if (!before) throw new Error(`Unknown meeting ${id}`);
  await services.meetings.move(id, startsAt, endsAt, by);
  await services.meetingJobs.unscheduleReminders(before);
  const after = (await services.meetings.get(id))!;
  await services.meetingJobs.scheduleReminders(after);
  await services.meetingJobs.moved(id, startsAt);
}

/** Cancels a meeting: reminders removed, everyone registered or waiting told. Shared by the desk and the CLI. */
export async function cancelMeeting(
  services: Pick<FlowServices, 'meetings' | 'meetingJobs'>,
  m: Meeting,
  by: string,
): Promise<number> {
  await services.meetings.cancel(m.id, by);
  await services.meetingJobs.unscheduleReminders(m);
  await services.meetingJobs.cancelled(m.id);
  const c = await services.meetings.counts(m.id);
  return c.registered + c.waiting;
}

/** After the meeting: minutes or documents for those who came. */
export const meetingFollowupFlow: FlowDefinition<FlowServices> = {
  id: 'meeting-followup',
  steps: [
    {
      id: 'text',
      prompt: 'meetingFlow.ask.followup',
      input: { kind: 'text' },
      schema: z.string().trim().min(10).max(3000),
      errorKey: 'meetingFlow.error.followup',
    },
  ],
  async complete(a, env, services) {
    const m = await services.meetings.get(String(a.meetingId));
    if (!m || !env.managedQuartiers.includes(m.quartier)) return [{ text: env.t('alertFlow.notYours') }];
    await services.meetings.setFollowup(m.id, String(a.text), env.personId);
    await services.meetingJobs.followup(m.id);
    const { registered } = await services.meetings.counts(m.id);
    return [{ text: env.t('meetingDesk.followupSent', { count: String(registered) }) }];
  },
};
