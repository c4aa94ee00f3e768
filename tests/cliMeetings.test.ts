import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestSpace } from './support/env.js';
import { buildContext } from '../src/app.js';
import { createLogger } from '../src/logger.js';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  }).catch((err: { code: number; stdout: string; stderr: string }) => err);

describe('meetings from the command line', () => {
  it('creates (validated like the flow), lists, moves (reminders follow) and cancels', async () => {
    const space = await createTestSpace('sqlite');
    const ctx = await buildContext(space.config, { logger: createLogger('silent') });
    try {
      const bad = await cli(
        [
          'meeting',
          'create',
          '--kind',
          'fete',
          '--title',
          'AG',
          '--quartier',
          'ilot-13',
          '--place',
          'Salle',
          '--start',
          'demain',
          '--duration',
          '1h',
        ],
        space.env,
      );
      expect('code' in bad && bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--kind:/);
      expect(bad.stderr).toMatch(/--start: Je n'ai pas compris cette date/);
      expect(await ctx.meetings.upcoming()).toHaveLength(0);

      const year = new Date().getFullYear() + 1;
      const created = await cli(
        [
          'meeting',
          'create',
          '--kind',
          'ag',
          '--title',
          'AG de la copropriété du 12',
          '--quartier',
          'ilot-13',
          '--place',
          'Salle polyvalente',
          '--start',
          `15/05/${year} 18:30`,
          '--duration',
          '2h',
          '--capacity',
          '40',
          '--reminders',
          'P3D,PT1H',
        ],
        space.env,
      );
      expect(created.stdout).toMatch(/Places : 40/);
      expect(created.stdout).toMatch(/Rappels : 3\sjours, 1\sheure avant/);
      expect(created.stdout).toMatch(/est publié/);
      const [m] = await ctx.meetings.upcoming();
      expect(m).toMatchObject({ kind: 'ag', capacity: 40, reminders: ['P3D', 'PT1H'] });
      expect((await ctx.queues.meetings.reminderJobs(m!)).map((j) => j.reminder).sort()).toEqual(['P3D', 'PT1H']);

      const list = await cli(['meeting', 'list'], space.env);
      expect(list.stdout).toContain(m!.id);
      expect(list.stdout).toMatch(/inscrits 0\/40/);

      await cli(['meeting', 'move', m!.id, '--start', `16/05/${year} 10:00`], space.env);
      const moved = (await ctx.meetings.get(m!.id))!;
      expect(moved.endsAt.getTime() - moved.startsAt.getTime()).toBe(2 * 3600_000);
      expect(await ctx.queues.meetings.reminderJobs(m!)).toHaveLength(0);
      const jobs = await ctx.queues.meetings.reminderJobs(moved);
      expect(jobs.find((j) => j.reminder === 'PT1H')!.runsAt.getTime()).toBe(moved.startsAt.getTime() - 3600_000);

      const cancelled = await cli(['meeting', 'cancel', m!.id], space.env);
      expect(cancelled.stdout).toMatch(/cancelled; 0 participant/);
      expect(await ctx.queues.meetings.reminderJobs(moved)).toHaveLength(0);
      expect(await ctx.meetings.upcoming()).toHaveLength(0);
    } finally {
      await ctx.close();
      await space.cleanup();
    }
  });
});
