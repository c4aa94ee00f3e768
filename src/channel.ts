import { z } from 'zod';

/** The apps Relais talks on. Stored as text in the database; read back through this codec. */
export const CHANNELS = ['telegram', 'slack', 'terminal'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** What became of one message: the `deliveries.status` column. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'unreachable', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
