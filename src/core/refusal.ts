import type { CoreContext } from '../context.js';
import type { FlowEnv } from '../flows/types.js';
import type { Person } from '../storage/people.js';
import type { Reply } from './messages.js';

/** A command reserved to eco-managers, tried by someone else: a kind answer, a log line and an audit entry. */
export async function refuseToResident(
  ctx: Pick<CoreContext, 'logger' | 'audit'>,
  person: Person,
  env: FlowEnv,
  command: string,
): Promise<Reply[]> {
  ctx.logger.warn({ channel: person.channel, command }, 'eco-manager command refused to a resident');
  await ctx.audit.record(person.id, 'alert.denied', { command });
  return [{ text: env.t('alertDesk.notAllowed') }];
}
