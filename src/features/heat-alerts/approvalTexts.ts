import { translator } from '../../i18n/translator.js';
import type { DeliveryTexts } from '../feature.js';
import { heatAlertButtons } from './buttons.js';
import { alertText } from './texts.js';

/** ALERT_APPROVAL=second: the request to the other eco-managers, and the answer to the author. */
export const approvalTexts: DeliveryTexts = {
  kinds: ['approval-request', 'approval-result'],
  create: (ctx) => async (payload, person) => {
    const alert = await ctx.alerts.get(payload.ref);
    if (!alert) return undefined;
    const t = translator(person.language);
    if (payload.kind === 'approval-result') {
      if (alert.status === 'refused')
        return { text: t('approval.authorRefused', { reason: alert.refusalReason ?? '—' }) };
      return { text: t('approval.authorApproved') };
    }
    if (alert.status !== 'pending') return undefined; // decided meanwhile by someone else
    const counts = await ctx.alerts.countByChannel(alert.quartiers, alert.audience);
    const quartiers = alert.quartiers.map((id) => ctx.config.quartiers.find((q) => q.id === id)?.name ?? id);
    return {
      text: t('approval.request', {
        preview: alertText(alert, t, person.language),
        quartiers: quartiers.join(', '),
        total: String(Object.values(counts).reduce((s, n) => s + n, 0)),
      }),
      options: [
        { value: heatAlertButtons.approve.encode({ alertId: alert.id }), label: t('approval.approve') },
        { value: heatAlertButtons.refuse.encode({ alertId: alert.id }), label: t('approval.refuse') },
      ],
    };
  },
};
