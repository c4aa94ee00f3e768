import { createEvent } from 'ics';
import type { Meeting } from './renovationMeetings.js';
import type { Translate } from '../../i18n/translator.js';

/**
 * The meeting as an iCalendar file, so a resident adds it to their phone's calendar in one tap. Times are
 * UTC instants (no time-zone table to get wrong); the UID is stable, so a moved meeting's new file updates it.
 */
export function meetingCalendarFile(m: Meeting, t: Translate): { fileName: string; mimeType: string; content: string } {
  const { error, value } = createEvent({
    uid: `${m.id}@relais`,
    productId: 'relais',
    title: `${t(`meeting.kind.${m.kind}`)} — ${m.title}`,
    location: m.place,
    description: t('meeting.icsDescription'),
    start: m.startsAt.getTime(),
    end: m.endsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    status: m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
  });
  if (error || !value) throw new Error(`Could not build the calendar file: ${String(error)}`);
  return {
    fileName: `relais-${m.kind}-${m.startsAt.toISOString().slice(0, 10)}.ics`,
    mimeType: 'text/calendar',
    content: value,
  };
}
