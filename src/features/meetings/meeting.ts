import { DateTime, Duration } from 'luxon';
import { z } from 'zod';
import { PARIS_ZONE } from '../../domain/parisTime.js';
import { AUDIENCES } from '../../domain/audience.js';

export const MEETING_KINDS = ['info', 'balade', 'visite', 'atelier', 'ag', 'dtg'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const INVITE_AUDIENCES = [...AUDIENCES, 'none'] as const;

/** Two days and two hours before, unless the eco-manager says otherwise. */
export const DEFAULT_REMINDERS = ['P2D', 'PT2H'];

export const NewMeeting = z
  .object({
    kind: z.enum(MEETING_KINDS),
    title: z.string().trim().min(3).max(120),
    quartier: z.string().min(1),
    place: z.string().trim().min(3).max(200),
    startsAt: z.date(),
    endsAt: z.date(),
    capacity: z.number().int().positive().max(10_000).nullable(),
    /** Who is told of it: network members of the quartier (a role, or all), optionally only one street's buildings. */
    invite: z.object({ audience: z.enum(INVITE_AUDIENCES), street: z.string().trim().max(100).optional() }),
    reminders: z.array(z.string().refine((d) => Duration.fromISO(d).isValid, 'ISO-8601 duration')).max(5),
  })
  .refine((m) => m.endsAt > m.startsAt, { message: 'the end must be after the start', path: ['endsAt'] });
export type NewMeeting = z.infer<typeof NewMeeting>;

export interface Meeting extends NewMeeting {
  id: string;
  status: 'scheduled' | 'cancelled';
  followupText: string | null;
  createdBy: string;
}

export type RegistrationStatus = 'registered' | 'waiting';
export type RegisterOutcome =
  | { status: RegistrationStatus; position?: number; already?: boolean }
  | { refused: 'past' | 'cancelled' | 'unknown' };

/**
 * The instant a reminder is due. Calendar parts ("P2D") are counted in Paris local time, so "two days
 * before 10:00" is 10:00 two days before even across a daylight-saving change; hours ("PT2H") are absolute.
 */
export function reminderTime(startsAt: Date, iso: string): Date {
  return DateTime.fromJSDate(startsAt, { zone: PARIS_ZONE }).minus(Duration.fromISO(iso)).toJSDate();
}

/** A row of `events` as the database returns it. */
export type EventRow = {
  id: string;
  kind: string;
  title: string;
  quartier: string;
  place: string;
  starts_at: string;
  ends_at: string;
  capacity: number | null;
  invite: string;
  reminders: string;
  status: string;
  followup_text: string | null;
  created_by: string;
};

export function toMeeting(r: EventRow): Meeting {
  return {
    id: r.id,
    kind: r.kind as MeetingKind,
    title: r.title,
    quartier: r.quartier,
    place: r.place,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    capacity: r.capacity === null ? null : Number(r.capacity),
    invite: JSON.parse(r.invite),
    reminders: r.reminders ? r.reminders.split(',') : [],
    status: r.status as Meeting['status'],
    followupText: r.followup_text,
    createdBy: r.created_by,
  };
}
