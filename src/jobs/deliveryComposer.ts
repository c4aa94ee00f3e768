import type { AppContext } from '../context.js';
import type { Reply } from '../core/messages.js';
import type { Person } from '../storage/people.js';
import type { DeliveryPayload } from './deliveries.js';
import { composeAlertDelivery } from '../features/heat-alerts/texts.js';
import { composeMeetingDelivery } from '../features/meetings/texts.js';
import { composeTipDelivery } from '../features/tips/worker.js';
import { translator } from '../i18n/translator.js';

/** Turns a queued delivery into the person's message, by kind; undefined when it no longer needs sending. */
export function createDeliveryComposer(ctx: Pick<AppContext, 'alerts' | 'checkins' | 'network' | 'meetings'>) {
  // The alert's text per language: a broadcast renders the same text thousands of times.
  const renderedAlerts = new Map<string, string>();
  return (payload: DeliveryPayload, person: Person): Promise<Reply | undefined> => {
    if (payload.kind.startsWith('meeting-')) return composeMeetingDelivery(ctx, payload, person);
    if (payload.kind === 'tip') return Promise.resolve(composeTipDelivery(payload, person));
    if (payload.kind === 'link-notice') {
      // Someone linked another app's account to this person's: they must know (it shares their membership).
      const channel = payload.ref === 'slack' ? 'Slack' : payload.ref === 'telegram' ? 'Telegram' : payload.ref;
      return Promise.resolve({ text: translator(person.language)('link.ownerNotice', { channel }) });
    }
    return composeAlertDelivery(ctx, payload, person, renderedAlerts);
  };
}
