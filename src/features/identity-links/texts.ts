import { translator } from '../../i18n/translator.js';
import type { DeliveryTexts } from '../feature.js';

/** The notice to a /lier code's owner: someone linked another app's account to theirs (it shares their data). */
export const identityLinkTexts: DeliveryTexts = {
  kinds: ['link-notice'],
  create: () => (payload, person) => {
    const channel = payload.ref === 'slack' ? 'Slack' : payload.ref === 'telegram' ? 'Telegram' : payload.ref;
    return Promise.resolve({ text: translator(person.language)('link.ownerNotice', { channel }) });
  },
};
