import { z } from 'zod';
import { codec, Id } from '../../core/buttonCodec.js';

/** The meeting buttons: a resident's register / cancel, an eco-manager's actions. */
export const meetingButtons = {
  /** A resident's "Je m'inscris" / "Je ne peux plus venir". */
  meeting: codec('meeting', { action: z.enum(['register', 'cancel']), meetingId: Id }),
  /** An eco-manager's meeting actions. */
  meetingAdmin: codec('meetingadmin', { action: z.enum(['move', 'followup', 'cancel', 'cancelyes']), meetingId: Id }),
} as const;
