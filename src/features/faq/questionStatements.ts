import type { Db } from '../../storage/database.js';
import type { FaqQuestionsTable } from '../../storage/schema.js';
import {
  insertByColumns,
  keyIn,
  readAllTogether,
  readTogether,
  shareTogether,
  writeTogether,
} from '../../storage/together.js';

export interface CuratedAnswer {
  id: string;
  quartier: string | null;
  question: string;
  answer: string;
}

export type QuestionStatements = ReturnType<typeof questionStatements>;

/**
 * What every question reads or writes (the curated answers of its quartier, the asker's count of the day, the
 * question kept), and /mesdonnees reads: on PostgreSQL one statement for the questions handled together
 * (src/storage/together.ts). `dayAgo`: the start of the daily cap's 24 hours.
 */
export function questionStatements(db: Db, dayAgo: () => string) {
  const counted = (personIds: string | string[]) =>
    db
      .selectFrom('faq_questions')
      .select((eb) => ['person_id', eb.fn.countAll<number>().as('n')])
      .where('person_id', '=', keyIn(personIds))
      .where('status', 'in', ['open', 'answered', 'dismissed'])
      .where('asked_at', '>=', dayAgo())
      .groupBy('person_id')
      .execute();
  const columns = ['id', 'quartier', 'text', 'person_id', 'status', 'reason', 'asked_at', 'curated_id'] as const;
  return {
    /** '' stands for "in no quartier": every quartier's answers. */
    curatedOf: shareTogether(
      db,
      (quartier): Promise<CuratedAnswer[]> =>
        db
          .selectFrom('faq_curated')
          .select(['id', 'quartier', 'question', 'answer'])
          .$if(quartier !== '', (qb) =>
            qb.where((eb) => eb.or([eb('quartier', 'is', null), eb('quartier', '=', quartier)])),
          )
          .orderBy('created_at', 'desc')
          .execute(),
    ),
    countSince: readTogether(db, counted, (row) => row.person_id ?? ''),
    questionsOf: readAllTogether(
      db,
      (personIds) =>
        db
          .selectFrom('faq_questions')
          .selectAll()
          .where('person_id', '=', keyIn(personIds))
          .orderBy('asked_at', 'desc')
          .execute(),
      (row) => row.person_id ?? '',
    ),
    insert: writeTogether(
      db,
      (row: FaqQuestionsTable) => db.insertInto('faq_questions').values(row).execute(),
      insertByColumns<FaqQuestionsTable>(db, 'faq_questions', columns),
      (row) => row.id,
    ),
  };
}
