import { translator, type Language } from '../i18n/translator.js';
import type { Reply } from '../core/messages.js';
import type { FlowEnv } from '../flows/types.js';
import type { StoredFlowState } from '../storage/flowStates.js';
import type { Person } from '../storage/people.js';
import type { AppContext } from './context.js';
import type { ConversationKit, Feature } from './feature.js';

/**
 * Stops the flow in progress; someone who had not joined anything leaves no trace. A member leaving /modifier
 * is told their membership is unchanged, not that nothing was saved.
 */
export async function cancelInProgress(
  ctx: Pick<AppContext, 'flows' | 'network'>,
  kit: Pick<ConversationKit, 'forgetIfEmpty'>,
  person: Person,
  state: StoredFlowState,
  env: FlowEnv,
): Promise<Reply[]> {
  await ctx.flows.cancel(state);
  const member = state.flowId === 'network-signup' && (await ctx.network.get(person.id)) !== undefined;
  await kit.forgetIfEmpty(person);
  return [{ text: env.t(member ? 'flow.cancelledKept' : 'flow.cancelled') }];
}

/** What every chat has: cancel, go back, resume, help, language. */
export const basics = (ctx: Pick<AppContext, 'flows' | 'people' | 'network'>, kit: ConversationKit): Feature => ({
  id: 'basics',
  help: [
    { at: 6, key: 'help.cancel' },
    { at: 7, key: 'help.back' },
    { at: 8, key: 'help.language' },
  ],
  commands: [
    {
      words: ['annuler', 'cancel'],
      menu: { at: 7, fr: 'annuler', en: 'cancel' },
      async run({ person, env, state }) {
        if (!state) return [{ text: env.t('flow.nothingToCancel') }];
        return cancelInProgress(ctx, kit, person, state, env);
      },
    },
    {
      words: ['retour', 'back'],
      menu: { at: 8, fr: 'retour', en: 'back' },
      async run({ env, state }) {
        if (!state) return [{ text: env.t('flow.nothingToGoBack') }];
        return ctx.flows.back(state, env);
      },
    },
    {
      // Sent by the terminal chat when it opens: shows the question in progress, if any.
      words: ['reprendre', 'resume'],
      async run({ env, state }) {
        return state ? [{ text: env.t('flow.resumed') }, await ctx.flows.current(state, env)] : [];
      },
    },
    {
      words: ['aide', 'help', 'menu'],
      menu: { at: 9, fr: 'aide', en: 'help' },
      async run({ person, identity, env, state }) {
        // On Slack a message starting with "/" is Slack's own command: ours go through /relais.
        const help =
          identity.channel === 'slack' ? `${kit.helpText(env)}\n\n${env.t('slack.commandsHint')}` : kit.helpText(env);
        const replies: Reply[] = [{ text: help, options: await kit.menu(person, env.t) }];
        if (state) replies.push(await ctx.flows.current(state, env));
        return replies;
      },
    },
    {
      words: ['langue', 'language'],
      async run({ person, env, state }) {
        const next: Language = person.language === 'fr' ? 'en' : 'fr';
        await ctx.people.setLanguage(person.id, next);
        const nextEnv = { ...env, lang: next, t: translator(next) };
        const replies: Reply[] = [{ text: nextEnv.t('menu.languageChanged') }];
        if (state) replies.push(await ctx.flows.current(state, nextEnv));
        return replies;
      },
    },
  ],
});
