import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../src/features/heat-alerts/recovery.js';
import { reconnectDelay } from '../../src/jobs/redis.js';

const HOUR = 3600_000;

describe('reconnection and deadlines, as rules', () => {
  it('never gives up reconnecting, and waits at most the configured cap', () => {
    const delay = reconnectDelay(5000);
    expect([1, 2, 3].map(delay)).toEqual([200, 400, 800]);
    for (const attempt of [21, 100, 10_000]) expect(delay(attempt)).toBe(5000); // ioredis stops on null, never here
  });

  it('the next deadline of a check-in keeps its original due time', () => {
    const base = {
      sent_at: '2026-07-01T08:00:00.000Z',
      answer: null,
      answered_at: null,
      reminded_at: null,
      reminders: 0,
      escalated_at: null,
    };
    const t = (iso: string) => new Date(iso).getTime();
    expect(nextDeadline(base, HOUR)).toEqual({ stage: 1, at: t('2026-07-01T09:00:00.000Z') });
    expect(nextDeadline({ ...base, reminders: 1, reminded_at: '2026-07-01T09:00:00.000Z' }, HOUR)).toEqual({
      stage: 2,
      at: t('2026-07-01T10:00:00.000Z'),
    });
    expect(nextDeadline({ ...base, answer: 'help', answered_at: '2026-07-01T08:05:00.000Z' }, HOUR)).toEqual({
      stage: 2,
      at: t('2026-07-01T08:05:00.000Z'),
    });
    expect(nextDeadline({ ...base, escalated_at: '2026-07-01T10:00:00.000Z' }, HOUR)).toEqual({
      stage: 3,
      at: t('2026-07-01T11:00:00.000Z'),
    });
  });
});
