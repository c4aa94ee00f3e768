import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest in a full run (each starts the product or a benchmark several times, or a
 * browser), longest first: started at once, they run beside the many short files instead of after them, where
 * one of them alone would hold the run's end on a single core. Vitest's own order is by the previous run's
 * durations when it has them, but a fresh clone (CI) has none and goes by file size, which put the benchmarks'
 * smoke test, 90 s on a busy machine, halfway down the queue and the worker-kill test last. Figures from
 * `vitest run --reporter=json`: files over ~10 s alone.
 */
export const LONGEST_FIRST = [
  'tests/bench/smoke.test.ts',
  'tests/console/console.test.ts',
  'tests/bots/terminal/terminalChat.test.ts',
  'tests/bots/telegram/telegramBot.test.ts',
  'tests/cliMeetings.test.ts',
  'tests/knowledge/cli.test.ts',
  'tests/jobs/redisCluster.test.ts',
  'tests/jobs/redisLoss.test.ts',
  'tests/features/network/neighbourDetails.test.ts',
  'tests/features/network/registryExport.test.ts',
  'tests/features/posters/posters.test.ts',
  'tests/jobs/embeddedRedis.test.ts',
  'tests/jobs/workerKill.test.ts',
];

/** Vitest's order (failed first, then longest by the last run, else largest), the known longest files before. */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the files not listed keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
