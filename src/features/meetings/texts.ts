import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { Person } from '../../storage/people.js';
import { translator, type Translate } from '../../i18n/translator.js';
import { formatParis, PARIS_ZONE } from '../../domain/parisTime.js';
import type { Meeting } from './renovationMeetings.js';
import { meetingCalendarFile } from './meetingCalendar.js';
import type { DeliveryPayload } from '../../jobs/deliveries.js';
import { DateTime, Duration } from 'luxon';
import { meetingButtons } from './buttons.js';
import type { DeliveryTexts } from '../feature.js';

/** "jeudi 25 juin 18:00 – 19:30" */
export function meetingWhen(m: Pick<Meeting, 'startsAt' | 'endsAt'>, lang: string): string {
  return `${formatParis(m.startsAt, lang)} – ${DateTime.fromJSDate(m.endsAt, { zone: PARIS_ZONE }).toFormat('HH:mm')}`;
}

export function meetingParams(m: Meeting, t: Translate, lang: string): Record<string, string> {
  return {
    kind: t(`meeting.kind.${m.kind}`),
    title: m.title,
    when: meetingWhen(m, lang),
    place: m.place,
    reminders: describeReminders(m.reminders, lang),
  };
}

/** ["P2D", "PT2H"] → "2 jours, 2 heures" */
export function describeReminders(reminders: string[], lang: string): string {
  return reminders
    .map((r) =>
      Duration.fromISO(r)
        .reconfigure({ locale: lang === 'en' ? 'en-GB' : 'fr-FR' })
        .toHuman(),
    )
    .join(', ');
}

export const registerOption = (m: Meeting, t: Translate) => ({
  value: meetingButtons.meeting.encode({ action: 'register', meetingId: m.id }),
  label: t('meeting.register'),
});
export const cancelOption = (m: Meeting, t: Translate) => ({
  value: meetingButtons.meeting.encode({ action: 'cancel', meetingId: m.id }),
  label: t('meeting.cantCome'),
});

/** Each meeting message for one person, in their language; undefined when it no longer needs sending. */
export async function composeMeetingDelivery(
  ctx: Pick<AppContext, 'meetings'>,
  payload: DeliveryPayload,
  person: Person,
): Promise<Reply | undefined> {
  const t = translator(person.language);
  const m = await ctx.meetings.get(payload.ref);
  if (!m) return undefined;
  const params = meetingParams(m, t, person.language);
  switch (payload.kind) {
    case 'meeting-invite':
      if (m.status !== 'scheduled') return undefined;
      return { text: t('meeting.invite', params), options: [registerOption(m, t)] };
    case 'meeting-reminder': {
      // Cancelled their place since the reminder was queued: nothing to remind.
      if (m.status !== 'scheduled' || (await ctx.meetings.registrationOf(m.id, person.id)) !== 'registered')
        return undefined;
      return { text: t('meeting.reminder', params), options: [cancelOption(m, t)] };
    }
    case 'meeting-moved':
      return { text: t('meeting.moved', params), options: [cancelOption(m, t)], attachment: meetingCalendarFile(m, t) };
    case 'meeting-cancelled':
      return { text: t('meeting.cancelledNotice', params) };
    case 'meeting-promoted':
      return {
        text: t('meeting.promoted', params),
        options: [cancelOption(m, t)],
        attachment: meetingCalendarFile(m, t),
      };
    case 'meeting-followup':
      return m.followupText ? { text: t('meeting.followup', { ...params, text: m.followupText }) } : undefined;
    default:
      return undefined;
  }
}

/** The meeting messages: invitations, reminders, moves, cancellations, promotions, follow-ups. */
export const meetingTexts: DeliveryTexts = {
  kinds: [
    'meeting-invite',
    'meeting-reminder',
    'meeting-moved',
    'meeting-cancelled',
    'meeting-promoted',
    'meeting-followup',
  ],
  create: (ctx) => (payload, person) => composeMeetingDelivery(ctx, payload, person),
};
