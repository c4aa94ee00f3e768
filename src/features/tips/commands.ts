import type { AppContext } from '../context.js';
import type { ConversationKit, Feature } from '../feature.js';
import { commandButton } from '../../core/buttonCodec.js';
import { dataKey } from '../../i18n/translator.js';
import { cancelInProgress } from '../basics.js';

/** Weekly energy-sobriety tips for businesses: subscribe or change, and stop. */
export const tips = (
  ctx: Pick<AppContext, 'flows' | 'network' | 'queues' | 'tips'>,
  kit: ConversationKit,
): Feature => ({
  id: 'tips',
  help: [
    { at: 11, key: 'help.tips' },
    { at: 12, key: 'help.stop' },
  ],
  overview: [
    {
      // Slack's App Home: their weekly tip's day and time, to change or stop; else an invitation.
      at: 3,
      async section(person, env) {
        const tips = await ctx.tips.get(person.id);
        const button = (command: string, label: string) => ({ value: commandButton.encode({ command }), label });
        return {
          title: env.t('overview.tips.title'),
          text: tips
            ? env.t('overview.tips.active', {
                weekday: env.t(dataKey(`tipsFlow.weekday.${tips.weekday}`)),
                time: tips.time,
              })
            : env.t('overview.tips.none'),
          options: tips
            ? [button('tips', env.t('overview.tips.change')), button('stop', env.t('tipsDesk.unsubscribe'))]
            : [button('tips', env.t('overview.tips.subscribe'))],
        };
      },
    },
  ],
  commands: [
    {
      words: ['conseils', 'tips'],
      menu: { at: 3, fr: 'conseils', en: 'tips' },
      async run({ person, env, state }) {
        if (state) await ctx.flows.cancel(state);
        const current = await ctx.tips.get(person.id);
        const previous = current ? { previous: { ...current, weekday: String(current.weekday) } } : {};
        return ctx.flows.start('tips-subscribe', env, previous);
      },
    },
    {
      words: ['stop'],
      async run({ person, env, state }) {
        // "stop" ends what is going on: a flow in progress first, else the weekly tips.
        if (state) return cancelInProgress(ctx, kit, person, state, env);
        if (await ctx.tips.unsubscribe(person.id)) {
          await ctx.queues.tips.unschedule(person.id);
          await kit.forgetIfEmpty(person);
          return [{ text: env.t('tipsDesk.unsubscribed') }];
        }
        return [{ text: env.t('flow.nothingToCancel') }];
      },
    },
  ],
});
