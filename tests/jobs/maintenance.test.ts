import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/context.js';
import { DB_KINDS, eventually } from '../support/env.js';
import { maintenanceQueue, maintenanceWorker, purgeStale, scheduleMaintenance } from '../../src/jobs/maintenance.js';
import { createAlert } from '../support/network.js';

const DAY = 24 * 3600 * 1000;

describe.each(DB_KINDS)('maintenance queue on %s', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    app = await createTestApp(kind);
  });
  afterEach(async () => {
    await app.close();
  });

  it('keeps one hourly scheduler and purges stale flows and people who never joined', async () => {
    // A member, a person mid-flow for 8 days, and one who only said hello.
    const member = app.person('member');
    await member.say('/start ilot-13');
    await member.press(/volontaire/);
    await member.say('1 rue Nationale');
    await member.press(/cette conversation/);
    await member.press(/soir/);
    await member.press(/Valider/);
    await member.press(/Passer/);
    await member.press(/Oui/);
    await member.press(/Confirmer/);
    await app.person('stale').say('/start');
    await app.person('hello').say('bonjour');
    // Someone who only registered for a meeting that ended long ago: the place, then the person, go.
    const creator = await app.ctx.people.findOrCreate('terminal', 'eco', 'eco', 'fr');
    const past = await app.ctx.meetings.create(
      {
        kind: 'info',
        title: 'Réunion passée',
        quartier: 'ilot-13',
        place: 'Salle',
        startsAt: new Date(Date.now() + DAY),
        endsAt: new Date(Date.now() + DAY + 3600_000),
        capacity: null,
        invite: { audience: 'none' },
        reminders: [],
      },
      creator.id,
    );
    const attendee = await app.ctx.people.findOrCreate('terminal', 'attendee', 'attendee', 'fr');
    await app.ctx.meetings.register(past.id, attendee.id);
    app.advance(8 * DAY);
    await app.person('fresh').say('/start');

    const queue = maintenanceQueue(app.ctx.redis, app.space.prefix);
    await scheduleMaintenance(queue);
    await scheduleMaintenance(queue); // a second process starting does not add a second schedule
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(Number(schedulers[0]?.every)).toBe(3600_000);

    await queue.add('purge-stale', { kind: 'purge-stale' });
    const worker = maintenanceWorker(app.ctx, app.ctx.redis);
    try {
      await eventually(async () => (await app.ctx.people.find('terminal', 'stale')) === undefined, 10_000, 'purge');
      let left = (await app.ctx.db.selectFrom('people').select('channel_user_id').execute())
        .map((r) => r.channel_user_id)
        .sort();
      // The meeting ended 7 days ago: its places are kept a month.
      expect(left).toEqual(['attendee', 'eco', 'fresh', 'member']);
      // The scheduler's own first run may still be queued: let every purge finish before moving the clock.
      await eventually(
        async () => {
          const c = await queue.getJobCounts('waiting', 'active');
          return (c.waiting ?? 0) + (c.active ?? 0) === 0;
        },
        10_000,
        'idle queue',
      );
      app.advance(31 * DAY);
      await app.person('fresh').say('/start'); // still around
      await queue.add('purge-stale', { kind: 'purge-stale' });
      await eventually(
        async () => (await app.ctx.people.find('terminal', 'attendee')) === undefined,
        10_000,
        'second purge',
      );
      expect(await app.ctx.db.selectFrom('event_registrations').select('person_id').execute()).toHaveLength(0);
      left = (await app.ctx.db.selectFrom('people').select('channel_user_id').execute())
        .map((r) => r.channel_user_id)
        .sort();
      expect(left).toEqual(['eco', 'fresh', 'member']); // the eco-manager who made the meeting stays
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('forgets the visit log of an alert 30 days after the alert ended, not before', async () => {
    const supported = await app.ctx.people.findOrCreate('terminal', 'supported', 'supported', 'fr');
    const volunteer = await app.ctx.people.findOrCreate('terminal', 'volunteer', 'volunteer', 'fr');
    const member = { quartier: 'ilot-13', address: '1 rue Nationale', phone: null, availability: null, needs: null };
    await app.ctx.network.join(supported.id, { ...member, role: 'supported', needs: 'none' });
    await app.ctx.network.join(volunteer.id, { ...member, role: 'volunteer', availability: 'anytime' });
    const alert = await createAlert(app.ctx, ['ilot-13']); // ends in a day
    const checkinId = (await app.ctx.checkins.open(alert.id, supported.id, 'round-1'))!;
    await app.ctx.visits.record({
      alertId: alert.id,
      checkinId,
      personId: supported.id,
      volunteerId: volunteer.id,
      outcome: 'noanswer',
    });
    app.advance(30 * DAY); // 29 days after its end
    expect((await purgeStale(app.ctx)).visits).toBe(0);
    expect((await app.ctx.visits.latestFor([supported.id])).get(supported.id)?.outcome).toBe('noanswer');
    app.advance(2 * DAY);
    expect((await purgeStale(app.ctx)).visits).toBe(1);
    expect((await app.ctx.visits.latestFor([supported.id])).size).toBe(0);
  });

  it("forgets the bot's answers after a week and unhandled questions after three months", async () => {
    const asker = await app.ctx.people.findOrCreate('terminal', 'asker', 'asker', 'fr');
    const keep = (text: string, status: 'bot' | 'open') =>
      app.ctx.inbox.keep({ quartier: 'ilot-13', text, personId: asker.id, status });
    const answered = await keep("c'est quoi un DTG ?", 'bot');
    const open = await keep('Comment je refais mon passeport ?', 'open');
    app.advance(8 * DAY);
    await purgeStale(app.ctx);
    expect(await app.ctx.inbox.get(answered)).toBeUndefined();
    expect((await app.ctx.inbox.get(open))?.status).toBe('open');
    app.advance(83 * DAY);
    await purgeStale(app.ctx);
    expect(await app.ctx.inbox.get(open)).toBeUndefined();
  });
});
