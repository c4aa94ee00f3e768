import { checkVigilance } from './vigilance.js';
import { requestApprovals, tellAuthor } from './approval.js';
import { errorCode } from '../../logger.js';
import { logWorkerErrors, queuePrefix } from '../../jobs/redis.js';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { translator, type Translate } from '../../i18n/translator.js';
import { PARIS_ZONE } from '../../domain/parisTime.js';
import { alertDeliveries, type HeatAlert } from './heatAlerts.js';
import type { Senders } from '../../bots/outbound.js';
import { deliveryRouter, type DeliveryPayload } from '../../jobs/deliveries.js';

import { AlertJob, ALERTS_QUEUE } from './queue.js';
import { managersAsPeople } from '../../domain/managers.js';
import { realTimeMs } from '../../clock.js';

export { AlertJob, ALERTS_QUEUE, AlertJobs } from './queue.js';

export { alertText, composeAlertDelivery } from './texts.js';

export interface AlertWorkerDeps {
  ctx: Pick<
    AppContext,
    | 'alerts'
    | 'audit'
    | 'checkins'
    | 'config'
    | 'db'
    | 'ecoManagers'
    | 'logger'
    | 'matching'
    | 'network'
    | 'now'
    | 'people'
    | 'queues'
    | 'redis'
  >;
  senders: Senders;
  connection: ConnectionOptions;
}

/** Processor of the alert queue: fan-out, live report, check-in rounds, deadlines and escalation, end. */
export function createAlertWorker({ ctx, senders, connection }: AlertWorkerDeps): Worker<AlertJob> {
  const grace = ctx.config.alerts.graceMs;
  const jobs = ctx.queues.alerts;

  const reportText = async (alert: HeatAlert, t: Translate) => {
    const f = await ctx.alerts.figures(alert.id);
    const key = f.pending === 0 ? 'alert.report.final' : 'alert.report.progress';
    return t(key, { total: f.total, sent: f.sent, failed: f.failed, unreachable: f.unreachable, pending: f.pending });
  };
  const managerPerson = async (alert: HeatAlert) => ctx.people.byId(alert.createdBy);
  const deliver = deliveryRouter(ctx.queues.deliveries, senders, ctx.logger);

  const handlers = {
    async fanout(alertId: string) {
      const alert = await ctx.alerts.get(alertId);
      if (alert?.status !== 'active') return;
      const recipients = await ctx.alerts.recipients(alert.quartiers, alert.audience);
      // The eco-manager's report comes first, so "sending…" never arrives after the first alerts.
      const manager = await managerPerson(alert);
      const sender = manager && senders[manager.channel];
      if (manager && sender && !alert.reportMessage) {
        const sent = await sender.send(manager.chatId, {
          text: translator(manager.language)(
            recipients.length === 1 ? 'alert.report.startingOne' : 'alert.report.starting',
            { total: recipients.length },
          ),
        });
        await ctx.alerts.setReportMessage(alert.id, sent.messageId);
      }
      await deliver(alertDeliveries(alert.id, recipients));
      await jobs.scheduleCheckins(alert);
      ctx.logger.info({ alert: alert.id, recipients: recipients.length }, 'alert fanned out');
      await jobs.report(alert.id);
    },

    async report(alertId: string) {
      const alert = await ctx.alerts.get(alertId);
      const manager = alert && (await managerPerson(alert));
      if (!alert || !manager) return;
      const t = translator(manager.language);
      const text = await reportText(alert, t);
      const sender = senders[manager.channel];
      if (sender && alert.reportMessage) await sender.edit(manager.chatId, alert.reportMessage, { text });
      const f = await ctx.alerts.figures(alert.id);
      if (f.pending === 0 && (await ctx.redis.set(`${ctx.config.redis.prefix}:alert-final:${alert.id}`, '1', 'NX'))) {
        await ctx.audit.record(alert.createdBy, 'alert.figures', { alert: alert.id, ...f });
      }
    },

    async checkinRound(alertId: string) {
      const alert = await ctx.alerts.get(alertId);
      if (alert?.status !== 'active' || alert.endsAt <= ctx.now()) {
        if (alert) await jobs.unscheduleCheckins(alert);
        return;
      }
      const round = DateTime.fromJSDate(ctx.now(), { zone: PARIS_ZONE }).toFormat("yyyy-LL-dd'T'HH:mm");
      const supported = await ctx.alerts.recipients(alert.quartiers, alert.audience, ['supported']);
      const requests = [];
      for (const s of supported) {
        const id = await ctx.checkins.open(alert.id, s.personId, round);
        if (!id) continue;
        requests.push({
          key: `checkin-${id}`,
          kind: 'checkin' as const,
          ref: id,
          personId: s.personId,
          channel: s.channel,
          alertId: alert.id,
        });
        await jobs.deadline(id, 1, grace);
      }
      await deliver(requests);
    },

    async deadline(checkinId: string, stage: number) {
      const c = await ctx.checkins.get(checkinId);
      if (!c || c.answer === 'ok') return;
      const person = await ctx.people.byId(c.personId);
      if (!person) return;
      if (stage === 1 && !c.answer) {
        await ctx.checkins.markReminder(c.id);
        await deliver([
          {
            key: `checkin-reminder-${c.id}`,
            kind: 'checkin-reminder',
            ref: c.id,
            personId: c.personId,
            channel: person.channel,
            alertId: c.alertId,
          },
        ]);
        await jobs.deadline(c.id, 2, grace);
        return;
      }
      if (stage <= 2) {
        await ctx.checkins.markEscalated(c.id);
        const volunteers = await ctx.matching.volunteersOf(c.personId);
        const requests = [];
        for (const v of volunteers) {
          const vp = await ctx.people.byId(v);
          if (vp)
            requests.push({
              key: `escalation-${c.id}-${v}`,
              kind: 'escalation' as const,
              ref: c.id,
              personId: v,
              channel: vp.channel,
              alertId: c.alertId,
            });
        }
        await deliver(requests);
        await jobs.deadline(c.id, 3, requests.length ? grace : 0);
        return;
      }
      // Stage 3: nobody confirmed they were going: the eco-managers of the quartier take over.
      if (c.takenBy || c.managerAlertedAt) return;
      const member = await ctx.network.get(c.personId);
      const requests = (await managersAsPeople(ctx, ctx.ecoManagers.for(member?.quartier ?? ''))).map((mp) => ({
        key: `escalation-manager-${c.id}-${mp.id}`,
        kind: 'escalation-manager' as const,
        ref: c.id,
        personId: mp.id,
        channel: mp.channel,
        alertId: c.alertId,
      }));
      await ctx.checkins.markManagerAlerted(c.id);
      await deliver(requests);
    },

    async end(alertId: string, by: string) {
      const alert = await ctx.alerts.get(alertId);
      if (!alert) return;
      await jobs.unscheduleCheckins(alert);
      if (alert.status !== 'ended') await ctx.alerts.end(alert.id, by);
      const recipients = await ctx.alerts.recipients(alert.quartiers, alert.audience);
      await deliver(
        recipients.map((r) => ({
          key: `closing-${alert.id}-${r.personId}`,
          kind: 'closing' as const,
          ref: alert.id,
          personId: r.personId,
          channel: r.channel,
          alertId: alert.id,
        })),
      );
    },
  };

  const worker = new Worker<AlertJob>(
    ALERTS_QUEUE,
    async (job: Job<AlertJob>) => {
      const data = AlertJob.parse(job.data);
      switch (data.type) {
        case 'fanout':
          return handlers.fanout(data.alertId);
        case 'report':
          return handlers.report(data.alertId);
        case 'checkin-round':
          return handlers.checkinRound(data.alertId);
        case 'checkin-deadline':
          return handlers.deadline(data.checkinId, data.stage);
        case 'end':
          return handlers.end(data.alertId, data.by);
        case 'approval':
          return requestApprovals(ctx, data.alertId);
        case 'decided':
          return tellAuthor(ctx, data.alertId);
        case 'vigilance':
          return (await checkVigilance(ctx)).drafted?.level ?? 'no rise';
      }
    },
    { connection, prefix: queuePrefix(ctx.config.redis.prefix, ALERTS_QUEUE), concurrency: 4 },
  );
  worker.on('failed', (job, err) =>
    ctx.logger.error({ code: errorCode(err), job: job?.name, id: job?.id }, 'alert job failed'),
  );
  logWorkerErrors(worker, ctx.logger, 'heat-alerts');
  return worker;
}

/**
 * After each alert message reaches its final state, the eco-manager's live report is refreshed — at most
 * once a second per process (the report job itself is debounced across processes).
 */
export function onDeliverySettled(ctx: Pick<AppContext, 'queues' | 'logger'>) {
  const last = new Map<string, number>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  return async (payload: DeliveryPayload) => {
    if (payload.kind !== 'alert') return;
    const alertId = payload.ref;
    const since = realTimeMs() - (last.get(alertId) ?? 0);
    if (since >= 1000) {
      last.set(alertId, realTimeMs());
      await ctx.queues.alerts.report(alertId);
    } else if (!pending.has(alertId)) {
      // The last deliveries of a burst must still trigger a final report.
      pending.set(
        alertId,
        setTimeout(() => {
          pending.delete(alertId);
          last.set(alertId, realTimeMs());
          void ctx.queues.alerts
            .report(alertId)
            .catch((err) => ctx.logger.warn({ code: errorCode(err) }, 'could not schedule report'));
        }, 1000 - since).unref(),
      );
    }
  };
}
