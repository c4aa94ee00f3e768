import { z } from 'zod';
import { DEFAULT_REMINDERS, INVITE_AUDIENCES, MEETING_KINDS, type NewMeeting } from './renovationMeetings.js';
import { parisDateAnswer } from '../../flows/answers.js';
import type { Answers, FlowEnv } from '../../flows/types.js';

// How the meeting flows read what an eco-manager types (durations, capacities, dates), and their answers.

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

/** A number of places, or "none" (no limit) → null. */
export const capacityAnswer = z.string().transform((s, ctx) => {
  if (s === 'none') return null;
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    ctx.addIssue({ code: 'custom', message: 'not a capacity' });
    return z.NEVER;
  }
  return n;
});

/** A date and time in Paris, later than now. */
export const futureDate = (env: FlowEnv) =>
  parisDateAnswer()(env).refine((iso) => new Date(iso).getTime() > env.now().getTime(), 'in the past');

/** When to remind those registered: the deployment's default (MEETING_REMINDERS), or another choice. */
export const REMINDER_CHOICES = ['default', 'P1D,PT1H', 'P7D,P1D', 'none'] as const;

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
