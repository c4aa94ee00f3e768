import { z } from 'zod';
import { codec, Id } from '../../core/buttonCodec.js';

// 22 characters at most: with a question id, the button stays within Telegram's 64 bytes.
const QuartierId = z.string().regex(/^[a-z0-9-]{1,22}$/);
const Page = z.string().regex(/^\d{1,3}$/);

/** The FAQ's buttons: "Pas utile" under an answer, "Répondre" to a group of questions in /questions. */
export const faqButtons = {
  unhelpful: codec('unhelpful', { questionId: Id }),
  answerQuestion: codec('faqanswer', { questionId: Id }),
  /** /questions: set a group of questions aside. */
  dismissQuestion: codec('faqdismiss', { questionId: Id }),
  /** /questions: another page of groups. */
  questionsPage: codec('faqpage', { page: Page }),
  /** Someone not in the network says which quartier their question is for ('none': none of them). */
  questionQuartier: codec('faqq', { questionId: Id, quartier: QuartierId }),
} as const;
