import type { FeatureFactory } from './feature.js';
import { basics } from './basics.js';
import { network } from './network/commands.js';
import { heatAlerts } from './heat-alerts/commands.js';
import { meetings } from './meetings/commands.js';
import { tips } from './tips/commands.js';
import { faq } from './faq/commands.js';
import { identityLinks } from './identity-links/commands.js';

/** Every feature of Relais. The router, the forms (Slack modals) and the command words come from this list. */
export const FEATURES: FeatureFactory[] = [basics, network, heatAlerts, meetings, tips, faq, identityLinks];
