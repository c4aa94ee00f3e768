import { z } from 'zod';
import { INVITE_AUDIENCES, MEETING_KINDS, type Meeting, type RenovationMeetings } from './renovationMeetings.js';
import type { MeetingJobs } from './queue.js';
import { formatParis } from '../../domain/parisTime.js';
import { describeReminders } from './texts.js';
import { choices, oneOf } from '../../flows/answers.js';
import type { FlowDefinition, FlowEnv } from '../../flows/types.js';
import { capacityAnswer, durationAnswer, futureDate, meetingFromAnswers, REMINDER_CHOICES } from './meetingAnswers.js';

/** What changing a meeting uses: the meetings, and their jobs (reminders, messages to those registered). */
export interface MeetingDeps {
  meetings: RenovationMeetings;
  meetingJobs: MeetingJobs;
}

const quartierName = (id: unknown, env: FlowEnv) => env.quartiers.find((q) => q.id === id)?.name ?? String(id);

/** /evenement — an eco-manager announces a rénovation meeting; `reminders`: the default ones (MEETING_REMINDERS). */
export const meetingCreateFlow = (deps: MeetingDeps & { reminders: string[] }): FlowDefinition => ({
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
      promptParams: async (a, env) => {
        const m = meetingFromAnswers(a, deps.reminders);
        const invited =
          a.invite === 'none'
            ? 0
            : (
                await deps.meetings.invitees({
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
  async complete(a, env) {
    const input = meetingFromAnswers(a, deps.reminders);
    if (!env.managedQuartiers.includes(input.quartier)) return [{ text: env.t('alertFlow.notYours') }];
    const meeting = await deps.meetings.create(input, env.personId);
    await deps.meetingJobs.scheduleReminders(meeting);
    await deps.meetingJobs.announce(meeting.id);
    return [{ text: env.t('meetingFlow.published', { title: meeting.title }) }];
  },
});

/** Moving a meeting (from the eco-manager's /evenements list): new start and duration. */
export const meetingMoveFlow = (deps: MeetingDeps): FlowDefinition => ({
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
  async complete(a, env) {
    const before = await deps.meetings.get(String(a.meetingId));
    if (!before || !env.managedQuartiers.includes(before.quartier)) return [{ text: env.t('alertFlow.notYours') }];
    const startsAt = new Date(String(a.start));
    const endsAt = new Date(startsAt.getTime() + Number(a.duration) * 60_000);
    await moveMeeting(deps, before.id, startsAt, endsAt, env.personId);
    return [{ text: env.t('meetingDesk.moved', { title: before.title, when: formatParis(startsAt, env.lang) }) }];
  },
});

/** Moves a meeting: its reminders follow, and everyone registered is told. Shared by the flow and the CLI. */
export async function moveMeeting(
  deps: MeetingDeps,
  id: string,
  startsAt: Date,
  endsAt: Date,
  by: string,
): Promise<void> {
  const before = await deps.meetings.get(id);
  if (!before) throw new Error(`Unknown meeting ${id}`);
  await deps.meetings.move(id, startsAt, endsAt, by);
  await deps.meetingJobs.unscheduleReminders(before);
  const after = (await deps.meetings.get(id))!;
  await deps.meetingJobs.scheduleReminders(after);
  await deps.meetingJobs.moved(id, startsAt);
}

/** Cancels a meeting: reminders removed, everyone registered or waiting told. Shared by the desk and the CLI. */
export async function cancelMeeting(deps: MeetingDeps, m: Meeting, by: string): Promise<number> {
  await deps.meetings.cancel(m.id, by);
  await deps.meetingJobs.unscheduleReminders(m);
  await deps.meetingJobs.cancelled(m.id);
  const c = await deps.meetings.counts(m.id);
  return c.registered + c.waiting;
}

/** After the meeting: minutes or documents for those who came. */
export const meetingFollowupFlow = (deps: MeetingDeps): FlowDefinition => ({
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
  async complete(a, env) {
    const m = await deps.meetings.get(String(a.meetingId));
    if (!m || !env.managedQuartiers.includes(m.quartier)) return [{ text: env.t('alertFlow.notYours') }];
    await deps.meetings.setFollowup(m.id, String(a.text), env.personId);
    await deps.meetingJobs.followup(m.id);
    const { registered } = await deps.meetings.counts(m.id);
    return [{ text: env.t('meetingDesk.followupSent', { count: String(registered) }) }];
  },
});
