import { codec, Id } from '../../core/buttonCodec.js';

/** The FAQ's buttons: "Pas utile" under an answer, "Répondre" to a group of questions in /questions. */
export const faqButtons = {
  unhelpful: codec('unhelpful', { questionId: Id }),
  answerQuestion: codec('faqanswer', { questionId: Id }),
  /** /questions: set a group of questions aside. */
  dismissQuestion: codec('faqdismiss', { questionId: Id }),
} as const;
