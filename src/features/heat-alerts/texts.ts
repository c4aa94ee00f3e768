import type { AppContext } from '../context.js';
import { heatAlertButtons } from './buttons.js';
import type { Reply } from '../../core/messages.js';
import { formatParis } from '../../domain/parisTime.js';
import { type Translate, translator } from '../../i18n/translator.js';
import type { DeliveryPayload } from '../../jobs/deliveries.js';
import type { DeliveryPerson } from '../../jobs/featureParts.js';
import { formatFrenchPhone } from '../../domain/phone.js';
import { fullAddress } from '../../domain/address.js';
import type { HeatAlert } from './heatAlerts.js';
import type { DeliveryTexts } from '../feature.js';
import { lastVisitLine } from './visitDesk.js';
import { withExtras } from '../../domain/heatAlertExtras.js';

const LEVEL_MARK: Record<string, string> = { yellow: '🟡', orange: '🟠', red: '🔴' };

/** The alert as a recipient reads it: the eco-manager's text, or the level's template in their language. */
export function alertText(alert: Pick<HeatAlert, 'level' | 'text' | 'endsAt'>, t: Translate, lang: string): string {
  const until = formatParis(alert.endsAt, lang);
  const body = alert.text || t(`alert.template.${alert.level}`);
  const title = `${LEVEL_MARK[alert.level] ?? ''} ${t(`alert.level.${alert.level}`)}`;
  return `${title}\n\n${body}\n\n${t('alert.until', { until })}\n${t('alert.footer')}`.trim();
}

/** The recipient, with where they live as the delivery worker read it (no second read per message). */
const aboutRecipient = (person: DeliveryPerson) => ({ personId: person.id, whereabouts: person.whereabouts });

/** Renders each alert message (alert, check-ins, escalations) for one person, in their language. */
export async function composeAlertDelivery(
  ctx: Pick<AppContext, 'alerts' | 'checkins' | 'network' | 'visits' | 'heatAlertExtras'>,
  payload: DeliveryPayload,
  person: DeliveryPerson,
  renderedAlerts: Map<string, string>,
): Promise<Reply | undefined> {
  const t = translator(person.language);
  switch (payload.kind) {
    case 'alert': {
      const cacheKey = `${payload.ref}:${person.language}`;
      let text = renderedAlerts.get(cacheKey);
      if (text === undefined) {
        const alert = await ctx.alerts.get(payload.ref);
        if (!alert) return undefined;
        text = alertText(alert, t, person.language);
        if (renderedAlerts.size > 100) renderedAlerts.clear();
        renderedAlerts.set(cacheKey, text);
      }
      // Per person, after the cache: other features' lines (src/domain/heatAlertExtras.ts).
      return {
        text: withExtras(text, await ctx.heatAlertExtras.lines('alert', aboutRecipient(person), person.language)),
      };
    }
    case 'closing': {
      const alert = await ctx.alerts.get(payload.ref);
      return alert && { text: t('alert.closing') };
    }
    case 'checkin':
    case 'checkin-reminder': {
      const c = await ctx.checkins.get(payload.ref);
      if (!c || c.answer) return undefined; // answered meanwhile: no reminder
      const extra =
        payload.kind === 'checkin'
          ? await ctx.heatAlertExtras.lines('checkin', aboutRecipient(person), person.language)
          : '';
      return {
        text: withExtras(t(payload.kind === 'checkin' ? 'checkin.question' : 'checkin.reminder'), extra),
        options: [
          { value: heatAlertButtons.checkin.encode({ checkinId: c.id, answer: 'ok' }), label: t('checkin.ok') },
          { value: heatAlertButtons.checkin.encode({ checkinId: c.id, answer: 'help' }), label: t('checkin.help') },
        ],
      };
    }
    case 'escalation':
    case 'escalation-manager': {
      const c = await ctx.checkins.get(payload.ref);
      if (!c) return undefined;
      if (payload.kind === 'escalation' && (c.takenBy || c.answer === 'ok')) return undefined;
      // Name, address with building/floor/door, entry code and phone are revealed only now, and only to the
      // matched volunteers and the eco-manager.
      const m = await ctx.network.get(c.personId);
      const details = {
        address: m ? fullAddress(m, t) : '?',
        phone: m?.phone ? formatFrenchPhone(m.phone) : t('escalation.noPhone'),
        reason: t(c.answer === 'help' ? 'escalation.askedForHelp' : 'escalation.noAnswer'),
      };
      const extra = [
        m?.name && t('network.summary.name', { value: m.name }),
        m?.entryCode && t('network.summary.entryCode', { value: m.entryCode }),
      ].filter(Boolean);
      const more = extra.length ? `\n${extra.join('\n')}` : '';
      if (payload.kind === 'escalation') {
        // Another volunteer may have gone already (an earlier round): the latest visit comes before acting.
        const last = await lastVisitLine(ctx, c.personId, person.id, t, person.language);
        const extra = await ctx.heatAlertExtras.lines('escalation', { personId: c.personId }, person.language);
        return {
          text: withExtras(t('escalation.volunteer', details) + more + (last ? `\n\n${last}` : ''), extra),
          options: [{ value: heatAlertButtons.take.encode({ checkinId: c.id }), label: t('escalation.take') }],
        };
      }
      return { text: t('escalation.manager', details) + more };
    }
  }
}

/** The heat-alert messages: the alert, check-ins and reminders, escalations, the closing. */
export const heatAlertTexts: DeliveryTexts = {
  kinds: ['alert', 'checkin', 'checkin-reminder', 'escalation', 'escalation-manager', 'closing'],
  create(ctx) {
    // The alert's text per language: a broadcast renders the same text thousands of times.
    const renderedAlerts = new Map<string, string>();
    return (payload, person) => composeAlertDelivery(ctx, payload, person, renderedAlerts);
  },
};
