import { z } from 'zod';
import { codec, Id } from '../../core/buttonCodec.js';
import { VISIT_OUTCOMES } from './visitLog.js';

/** The heat-alert buttons: check-in answers, "Je m'en occupe", which alert to end, /binomes. */
export const heatAlertButtons = {
  /** "Tout va bien ?": Oui, ça va / J'ai besoin d'aide. */
  checkin: codec('checkin', { checkinId: Id, answer: z.enum(['ok', 'help']) }),
  /** A volunteer's "Je m'en occupe". */
  take: codec('take', { checkinId: Id }),
  /** What the volunteer found at the visit (the visit log). */
  visit: codec('visit', { checkinId: Id, outcome: z.enum(VISIT_OUTCOMES) }),
  /** /finalerte: which alert to end. */
  endAlert: codec('endalert', { alertId: Id }),
  /** /binomes: change the pair of this person supported. */
  choosePair: codec('pairs', { supportedId: Id }),
  /** /binomes: the next page. */
  pairsPage: codec('pairspage', { page: z.string().regex(/^\d{1,4}$/) }),
  /** /binomes: pair this person with the volunteer whose id starts with `volunteerRef` (two ids would not fit). */
  /** A vigilance draft: open the alert flow at its preview (level and period from Météo-France). */
  draft: codec('draft', {
    level: z.enum(['yellow', 'orange', 'red']),
    begin: z.string().regex(/^\d{1,10}$/),
    end: z.string().regex(/^\d{1,10}$/),
  }),
  /** ALERT_APPROVAL=second: approve a colleague's alert, or refuse it (a reason is asked). */
  approve: codec('approve', { alertId: Id }),
  refuse: codec('refuse', { alertId: Id }),
  /** A vigilance draft set aside. */
  dismissDraft: codec('nodraft', {}),
  setPair: codec('pairset', { supportedId: Id, volunteerRef: z.string().regex(/^[A-Za-z0-9-]{12}$/) }),
} as const;
