import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLabels } from '../../../src/features/faq/labelExport.js';
import { QuestionInbox } from '../../../src/features/faq/questionInbox.js';
import { readQuestions } from '../../../src/knowledge/evaluation.js';
import { openDatabase, type Db } from '../../../src/storage/database.js';
import { PeopleDirectory } from '../../../src/storage/people.js';
import { createTestSpace, DB_KINDS, type TestSpace } from '../../support/env.js';

const run = promisify(execFile);

describe.each(DB_KINDS)('FAQ labels from use, on %s', (kind) => {
  let space: TestSpace;
  let db: Db;
  const dir = mkdtempSync(join(tmpdir(), 'relais-labels-'));
  beforeAll(async () => {
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database);
    // A clock that moves a second per reading: questions kept in the same millisecond would tie on asked_at
    // and come out in the order of their random ids.
    let t = Date.now();
    const now = () => {
      t += 1000;
      return new Date(t);
    };
    const inbox = new QuestionInbox(db, now);
    const people = new PeopleDirectory(db, now);
    const resident = await people.findOrCreate('terminal', 'resident', 'resident', 'fr');
    const manager = await people.findOrCreate('terminal', 'manager', 'manager', 'fr');
    const keep = (text: string, status: 'bot' | 'open') =>
      inbox.keep({ quartier: 'ilot-13', text, personId: resident.id, status });
    const answered = await keep('Comment je refais mon passeport ?', 'open');
    await inbox.answer([(await inbox.get(answered))!], 'À la mairie du 13e, sur rendez-vous.', manager.id);
    const dismissed = await keep('tu es un robot ?', 'open');
    await inbox.dismiss([(await inbox.get(dismissed))!]);
    const unhelpful = await keep("c'est quoi un DTG ?", 'bot');
    await inbox.markUnhelpful(unhelpful, resident.id);
    await keep('une question encore ouverte', 'open');
    await keep('une réponse que personne ne juge', 'bot');
  });
  afterAll(async () => {
    await db.destroy();
    await space.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports what the eco-managers answered or set aside and what residents marked "Pas utile"', async () => {
    const labels = await exportLabels(db);
    expect(labels.map((l) => [l.question, l.origin])).toEqual([
      ['Comment je refais mon passeport ?', 'answered'],
      ['tu es un robot ?', 'dismissed'],
      ["c'est quoi un DTG ?", 'unhelpful'],
    ]);
    expect(labels[0]).toMatchObject({ answerable: false, manager_answer: 'À la mairie du 13e, sur rendez-vous.' });
    expect(JSON.stringify(labels)).not.toMatch(/resident|manager"/);
  });

  it('npm run cli -- faq export-labels writes a file train:faq --with reads', async () => {
    const out = join(dir, 'labels.jsonl');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'faq', 'export-labels', '--out', out],
      { env: { PATH: process.env.PATH ?? '', ...space.env } },
    );
    expect(stdout).toMatch(/3 labelled question\(s\)/);
    expect(statSync(out).mode & 0o077).toBe(0);
    // The training's own reader takes it as it is.
    expect(readQuestions(out).map((q) => q.answerable)).toEqual([false, false, false]);
  }, 120_000);
});
