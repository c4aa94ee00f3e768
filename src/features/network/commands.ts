import { readStartPayload } from '../../domain/startLink.js';
import { PosterBuildings } from '../../storage/posterBuildings.js';
import type { OverviewSection, Reply } from '../../core/messages.js';
import { commandButton } from '../../core/buttonCodec.js';
import type { Translate } from '../../i18n/translator.js';
import type { Person } from '../../storage/people.js';
import type { FlowEnv } from '../../flows/types.js';
import { answersFromMembership, describeMembership } from './signupFlow.js';
import type { AppContext } from '../context.js';
import { answerButtons, type ConversationKit, type Feature, formatDate } from '../feature.js';
import { networkButtons } from './buttons.js';
import { dataKey } from '../../i18n/translator.js';
import { exportRegistry } from './registryExport.js';
import { ENTRY_CODE_OFFERED } from './detailSteps.js';
import { answersFromRegistry, describeRegistry, EDITING, REGISTRY_OFFERED } from './registrySteps.js';

/** The heat-wave support network: join, see what is kept, change it, leave and erase everything. */
export const network = (
  ctx: Pick<
    AppContext,
    | 'audit'
    | 'config'
    | 'db'
    | 'flows'
    | 'inbox'
    | 'meetings'
    | 'network'
    | 'now'
    | 'people'
    | 'queues'
    | 'registry'
    | 'tips'
  >,
  kit: ConversationKit,
): Feature => {
  // REGISTRY_EXPORT=on: the signup of people supported also asks the separate registry question.
  // DATA_KEY set: the entry code can be kept (sealed), so it is asked.
  const offer = {
    ...(ctx.config.registryExport ? { [REGISTRY_OFFERED]: true } : {}),
    ...(ctx.config.dataKey ? { [ENTRY_CODE_OFFERED]: true } : {}),
  };
  /** The menu under "Voici ce que je sais faire": join, or see, change and leave what is kept. */
  async function menu(person: Person, t: Translate) {
    const member = await ctx.network.get(person.id);
    return member
      ? [
          { value: commandButton.encode({ command: 'mydata' }), label: t('menu.myData') },
          { value: commandButton.encode({ command: 'edit' }), label: t('menu.edit') },
          { value: commandButton.encode({ command: 'leave' }), label: t('menu.leave') },
        ]
      : [{ value: commandButton.encode({ command: 'start' }), label: t('menu.join') }];
  }

  /** Slack's App Home: membership first, with the menu's buttons. */
  async function membership(person: Person, env: FlowEnv): Promise<OverviewSection> {
    const options = await kit.menu(person, env.t);
    const member = await ctx.network.get(person.id);
    if (!member) return { title: env.t('overview.network.title'), text: env.t('overview.network.none'), options };
    const quartier = ctx.config.quartiers.find((q) => q.id === member.quartier)?.name ?? member.quartier;
    const role = env.t(`network.role.${member.role}`);
    return {
      title: env.t('overview.network.title'),
      text: env.t('overview.network.member', { quartier, role }),
      options,
    };
  }

  return {
    id: 'network',
    menu,
    overview: [{ at: 1, section: membership }],
    help: [
      { at: 1, key: 'help.start' },
      { at: 3, key: 'help.mydata' },
      { at: 4, key: 'help.edit' },
      { at: 5, key: 'help.leave' },
      ...(ctx.config.registryExport ? [{ at: 26, key: 'help.export' as const, managers: true as const }] : []),
    ],
    commands: [
      {
        words: ['start'],
        menu: { at: 1, fr: 'start', en: 'start' },
        async run({ person, env, args, state }) {
          if (state) return [{ text: env.t('flow.resumed') }, await ctx.flows.current(state, env)];
          const member = await ctx.network.get(person.id);
          if (member) {
            const quartier = ctx.config.quartiers.find((q) => q.id === member.quartier)?.name ?? member.quartier;
            return [{ text: env.t('menu.welcomeBack', { quartier }), options: await kit.menu(person, env.t) }];
          }
          // A poster's QR code (t.me/<bot>?start=bas-belleville, or with a building) chooses the quartier and
          // offers the building's address as a one-tap answer.
          const payload = readStartPayload(args);
          const linked = ctx.config.quartiers.find((q) => q.id === payload.quartier);
          const coded =
            linked && payload.code && (await new PosterBuildings(ctx.db, ctx.now).address(linked.id, payload.code));
          const building = coded || payload.building;
          const first = await ctx.flows.start(
            'network-signup',
            env,
            linked
              ? {
                  preset: { quartier: linked.id, ...offer },
                  ...(building ? { previous: { address: building } } : {}),
                }
              : { preset: offer },
          );
          return [{ text: env.t('menu.welcome') }, ...first];
        },
      },
      {
        words: ['mesdonnees', 'mydata'],
        menu: { at: 4, fr: 'mesdonnees', en: 'mydata' },
        async run({ person, env, state }) {
          // Read at once: each is gathered with the same read of other people's updates (src/storage/together.ts).
          const [member, tips, meetings, questions, registry] = await Promise.all([
            ctx.network.get(person.id),
            ctx.tips.get(person.id),
            ctx.meetings.registrationsOf(person.id),
            ctx.inbox.ofPerson(person.id),
            ctx.registry.get(person.id),
          ]);
          const replies: Reply[] = [];
          if (member) {
            replies.push({
              text: env.t('network.myData', {
                summary: [describeMembership(member, env), describeRegistry(registry, env)].filter(Boolean).join('\n'),
                consentAt: formatDate(member.consentAt, env.lang),
              }),
            });
          } else {
            const other = tips || meetings.length || questions.length;
            replies.push({ text: env.t(other ? 'network.noMembership' : 'network.noData') });
          }
          if (tips) {
            replies.push({
              text: env.t('tipsDesk.myData', {
                sector: env.t(`tipsFlow.sector.${tips.sector}`),
                weekday: env.t(dataKey(`tipsFlow.weekday.${tips.weekday}`)),
                time: tips.time,
              }),
            });
          }
          if (meetings.length) {
            const list = meetings.map((m) => `• ${m.title} (${formatDate(m.startsAt.toISOString(), env.lang)})`);
            replies.push({ text: env.t('meetingDesk.myData', { list: list.join('\n') }) });
          }
          if (questions.length) {
            // The questions typed freely may hold what the person said about themselves: shown as kept.
            const list = questions.map(
              (q) =>
                `• « ${q.text.slice(0, 200)} » (${formatDate(q.askedAt, env.lang)}) — ` +
                env.t(dataKey(`faq.myDataStatus.${q.status}`)),
            );
            replies.push({ text: env.t('faq.myData', { count: questions.length, list: list.join('\n') }) });
          }
          if (state) replies.push(await ctx.flows.current(state, env));
          return replies;
        },
      },
      {
        words: ['modifier', 'edit'],
        menu: { at: 5, fr: 'modifier', en: 'edit' },
        async run({ person, env }) {
          const member = await ctx.network.get(person.id);
          if (!member) return [{ text: env.t('network.notMember') }];
          const registry = await ctx.registry.get(person.id);
          return ctx.flows.start('network-signup', env, {
            preset: { ...offer, [EDITING]: true },
            previous: { ...answersFromMembership(member), ...answersFromRegistry(registry) },
          });
        },
      },
      {
        words: ['quitter', 'leave'],
        menu: { at: 6, fr: 'quitter', en: 'leave' },
        async run({ person, env }) {
          const member = await ctx.network.get(person.id);
          if (!member) {
            // Not in the network: whatever else they had (tips, meeting places) goes with them.
            await ctx.queues.tips.unschedule(person.id);
            await ctx.people.delete(person.id);
            return [{ text: env.t('leave.nothing') }];
          }
          return ctx.flows.start('leave-network', env);
        },
      },
      { words: ['export'], run: ({ person, env, args }) => exportRegistry(ctx, kit, person, env, args) },
    ],
    // The quartier button re-checks who presses it: exportRegistry refuses anyone who does not manage it.
    buttons: answerButtons(networkButtons, (b, { person, env }) => exportRegistry(ctx, kit, person, env, b.quartier)),
  };
};
