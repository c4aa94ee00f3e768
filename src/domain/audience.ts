import type { Channel } from '../channel.js';

/**
 * Whom a message to a quartier's network reaches: a heat alert, an invitation to a meeting. Shared by the
 * features that write to a whole audience (heat-alerts, meetings), so that neither borrows it from the other.
 */
export const AUDIENCES = ['all', 'supported', 'volunteer', 'relay'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** One member of an audience, with what it takes to write to them. */
export interface Recipient {
  personId: string;
  channel: Channel;
  chatId: string;
  language: string;
  role: string;
  quartier: string;
}

/** Who in these quartiers belongs to an audience (heat-alerts' HeatAlerts answers it, from the network). */
export interface AudienceDirectory {
  recipients(quartiers: string[], audience: Audience): Promise<Recipient[]>;
}
