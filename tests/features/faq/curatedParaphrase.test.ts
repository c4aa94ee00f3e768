import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/storage/database.js';
import { QuestionInbox } from '../../../src/features/faq/questionInbox.js';
import { PeopleDirectory } from '../../../src/storage/people.js';
import { createTestSpace, DB_KINDS, type TestSpace } from '../../support/env.js';

describe.each(DB_KINDS)('curated answers match paraphrases, on %s', (kind) => {
  let space: TestSpace;
  let db: Db;
  let inbox: QuestionInbox;
  beforeAll(async () => {
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database);
    inbox = new QuestionInbox(db, () => new Date());
    const people = new PeopleDirectory(db, () => new Date());
    const resident = await people.findOrCreate('terminal', 'resident', 'resident', 'fr');
    const manager = await people.findOrCreate('terminal', 'manager', 'manager', 'fr');
    const entries = [
      [
        'il y a un potager partagé ?',
        'Oui : 12 bacs surélevés dans le jardin, attribués pour la saison ; écrivez à Claire.',
      ],
      [
        'Comment je refais mon passeport ?',
        'Sur rendez-vous à la mairie du 13e, après une pré-demande en ligne sur ants.gouv.fr.',
      ],
      ['Le local vélo ouvre quand ?', 'Le local vélo ouvre à 7 h 30 en semaine, badge auprès du référent mobilité.'],
    ];
    for (const [question, answer] of entries) {
      const id = await inbox.keep({ quartier: 'ilot-13', text: question!, personId: resident.id, status: 'open' });
      await inbox.answer([(await inbox.get(id))!], answer!, manager.id);
    }
  });
  afterAll(async () => {
    await db.destroy();
    await space.cleanup();
  });

  it('finds the entry from its question or its answer, worded otherwise', async () => {
    const paraphrases: [string, RegExp][] = [
      ['comment avoir un bac au potager ?', /12 bacs/],
      ['potager partagé ?', /12 bacs/],
      ['passeport à refaire, on fait comment', /ants\.gouv/],
      ['pré-demande de passeport en ligne ?', /ants\.gouv/],
      ['badge pour le local vélo ?', /7 h 30/],
    ];
    for (const [question, expected] of paraphrases) {
      const found = await inbox.matchCurated(question, 'ilot-13');
      expect(found?.answer, question).toMatch(expected);
    }
  });

  it('does not stretch an entry to another question', async () => {
    for (const question of ['comment avoir un bac à compost ?', 'le potager coûte combien ?', 'carte vitale ?']) {
      expect(await inbox.matchCurated(question, 'ilot-13'), question).toBeUndefined();
    }
    // Another quartier's entries are not its own.
    expect(await inbox.matchCurated('comment avoir un bac au potager ?', 'rosa-parks')).toBeUndefined();
  });
});
