import type { AppContext } from '../context.js';
import type { FeatureJobParts } from '../../jobs/featureParts.js';

/** The FAQ's part of the hourly maintenance: the bot's answers after a week, handled questions after a month,
 * unhandled ones after three (QuestionInbox.purge). */
export function faqJobParts(ctx: Pick<AppContext, 'inbox'>): FeatureJobParts {
  return { purge: async () => ({ questions: await ctx.inbox.purge() }) };
}
