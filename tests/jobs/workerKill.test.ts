import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestApp } from '../support/context.js';
import { startFlakyTelegram } from '../support/telegramFlakyServer.js';
import { broadcastWithWorkerKilled } from '../support/workerKill.js';

const RECIPIENTS = 1000;
const CONCURRENCY = 16;

describe('a worker killed (SIGKILL) in the middle of a 1,000-message broadcast', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let tg: Awaited<ReturnType<typeof startFlakyTelegram>>;
  beforeAll(async () => {
    app = await createTestApp('postgres');
    tg = await startFlakyTelegram();
  });
  afterAll(async () => {
    await tg.close();
    await app.close();
  });

  it('a new worker delivers every remaining message; duplicates stay within what was in flight', async () => {
    const { atKill, duplicates } = await broadcastWithWorkerKilled(app, tg, {
      recipients: RECIPIENTS,
      concurrency: CONCURRENCY,
      firstChatId: 50_000,
    });
    console.log(`killed after ${atKill} of ${RECIPIENTS}; duplicates: ${duplicates}`);
  });
});
