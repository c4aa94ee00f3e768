import { z } from 'zod';
import { codec } from '../../core/buttonCodec.js';

/** The network's buttons outside its flows. */
export const networkButtons = {
  /** /export with several quartiers: which one. */
  exportRegistry: codec('export', { quartier: z.string().regex(/^[a-z0-9-]{1,40}$/) }),
} as const;
