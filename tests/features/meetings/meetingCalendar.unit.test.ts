import { describe, expect, it } from 'vitest';
import { reminderTime } from '../../../src/features/meetings/renovationMeetings.js';

describe('meeting reminders in Paris time', () => {
  it('"two days before" keeps the Paris clock time across the March and October changes; "two hours" stays two hours', () => {
    // Monday 29 March 2027, 10:00 in Paris (CEST, UTC+2); the clocks changed on Sunday 28 March.
    const spring = new Date('2027-03-29T08:00:00Z');
    expect(reminderTime(spring, 'P2D').toISOString()).toBe('2027-03-27T09:00:00.000Z'); // Saturday 10:00 CET
    expect(reminderTime(spring, 'PT2H').toISOString()).toBe('2027-03-29T06:00:00.000Z');
    // Monday 1 November 2027, 18:30 in Paris (CET); the clocks went back on Sunday 31 October.
    const autumn = new Date('2027-11-01T17:30:00Z');
    expect(reminderTime(autumn, 'P2D').toISOString()).toBe('2027-10-30T16:30:00.000Z'); // Saturday 18:30 CEST
  });
});
