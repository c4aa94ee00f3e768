import { HeatAlertDesk } from './desk.js';
import { approveAlert, refuseAlert } from './approvalDesk.js';
import { followUp } from './followUp.js';
import { recordVisit } from './visitDesk.js';
import type { AppContext } from '../context.js';
import { answerButtons, type Feature } from '../feature.js';
import { commandButton } from '../../core/buttonCodec.js';
import { heatAlertButtons } from './buttons.js';

/** Extreme-heat alerts: eco-managers' commands, and the check-in and "Je m'en occupe" buttons. */
export const heatAlerts = (
  ctx: Pick<
    AppContext,
    | 'alerts'
    | 'audit'
    | 'checkins'
    | 'config'
    | 'db'
    | 'ecoManagers'
    | 'flows'
    | 'logger'
    | 'matching'
    | 'network'
    | 'now'
    | 'people'
    | 'queues'
    | 'visits'
    | 'heatAlertExtras'
  >,
): Feature => {
  const desk = new HeatAlertDesk(ctx);
  return {
    id: 'heat-alerts',
    help: [
      { at: 20, key: 'help.alert', managers: true },
      { at: 21, key: 'help.alerts', managers: true },
      { at: 22, key: 'help.followup', managers: true },
      { at: 23, key: 'help.endAlert', managers: true },
      { at: 24, key: 'help.pairs', managers: true },
    ],
    commands: [
      {
        words: ['alerte', 'alert'],
        async run({ person, env, state }) {
          if (!env.managedQuartiers.length) return desk.refuse(person, env, 'alerte');
          if (state) await ctx.flows.cancel(state);
          return desk.compose(person, env);
        },
      },
      { words: ['alertes', 'alerts'], run: ({ person, env }) => desk.list(person, env) },
      {
        words: ['suivi', 'followup'],
        run: ({ person, env }) =>
          env.managedQuartiers.length ? followUp(ctx, env) : desk.refuse(person, env, 'suivi'),
      },
      { words: ['finalerte', 'endalert'], run: ({ person, env }) => desk.end(person, env) },
      { words: ['binomes', 'pairs'], run: ({ person, env }) => desk.pairs(person, env) },
    ],
    buttons: answerButtons(heatAlertButtons, (b, { person, env }) => {
      switch (b.kind) {
        case 'checkin':
          return desk.checkinAnswer(person, env, b.checkinId, b.answer);
        case 'take':
          return desk.take(person, env, b.checkinId);
        case 'visit':
          return recordVisit(ctx, person, env, b.checkinId, b.outcome);
        case 'endalert':
          return desk.end(person, env, b.alertId);
        case 'pairs':
          return desk.choosePair(person, env, b.supportedId);
        case 'pairspage':
          return desk.pairs(person, env, Number(b.page));
        case 'draft':
          return desk.reviewDraft(person, env, b.level, Number(b.begin), Number(b.end));
        case 'approve':
          return approveAlert(ctx, person, env, b.alertId);
        case 'refuse':
          return refuseAlert(ctx, person, env, b.alertId);
        case 'nodraft':
          return desk.dismissDraft(person, env);
        case 'pairset':
          return desk.setPair(person, env, b.supportedId, b.volunteerRef);
      }
    }),
    overview: [
      {
        // Slack's App Home, last: an eco-manager's tools (alerts and their follow-up, and the meetings).
        at: 9,
        async section(_person, env) {
          if (!env.managedQuartiers.length) return undefined;
          const button = (command: string, label: string) => ({ value: commandButton.encode({ command }), label });
          return {
            title: env.t('overview.manager.title'),
            text: env.t('overview.manager.text'),
            options: [
              button('alerts', env.t('overview.manager.alerts')),
              button('followup', env.t('overview.manager.followup')),
              button('meetings', env.t('overview.manager.meetings')),
            ],
          };
        },
      },
    ],
    forms: [
      {
        flowId: 'heat-alert',
        title: 'alertFlow.form.title',
        command: 'alerte',
        allowed: (env) => env.managedQuartiers.length > 0,
      },
    ],
  };
};
