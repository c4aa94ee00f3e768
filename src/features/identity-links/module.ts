import type { FeatureModule } from '../feature.js';
import { identityLinks } from './commands.js';
import { identityLinkTexts } from './texts.js';

/** /lier: one person on two platforms (a Slack identity acting as the member joined on Telegram). */
export const identityLinksModule: FeatureModule = {
  id: 'identityLinks',
  create: identityLinks,
  deliveryTexts: [identityLinkTexts],
};
