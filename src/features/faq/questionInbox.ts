import { randomUUID } from 'node:crypto';
import type { Db } from '../../storage/database.js';
import { curatedScore, jaccard, termsOf } from './wordMatch.js';
import type { FaqQuestionsTable } from '../../storage/schema.js';
import { type CuratedAnswer, type QuestionStatements, questionStatements } from './questionStatements.js';

export type { CuratedAnswer } from './questionStatements.js';

export type InboxReason = 'abstained' | 'unhelpful';

export interface InboxQuestion {
  id: string;
  quartier: string | null;
  text: string;
  personId: string | null;
  status: 'bot' | 'open' | 'answered' | 'dismissed';
  reason: InboxReason | null;
  askedAt: string;
  curatedId: string | null;
}

/** Answers the bot gave are kept this long, only for "Pas utile". */
const BOT_ANSWERS_KEPT_MS = 7 * 24 * 3600 * 1000;
/** Questions answered or set aside are forgotten after a month; those nobody handled, after three. */
const HANDLED_KEPT_MS = 30 * 24 * 3600 * 1000;
const OPEN_KEPT_MS = 90 * 24 * 3600 * 1000;
/** Two questions are "the same" when they share this much of their meaningful words (Jaccard). */
const SAME_QUESTION = 0.5;
/** Questions one person may send to the eco-managers in 24 hours: more would bury everyone else's. */
export const DAILY_INBOX_CAP = 3;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Where a question the bot could not answer goes: the inbox of its quartier; first a question to the asker when
 * they are in no quartier (it must not reach every eco-manager of every quartier); nowhere past the day's cap.
 */
export type InboxRoute = 'inbox' | 'askQuartier' | 'capped';
/**
 * The questions the bot did not answer, or answered unhelpfully, for the eco-managers of their quartier
 * (/questions), and the answers those eco-managers give, which the bot then uses first.
 */
export class QuestionInbox {
  /** Curated questions as analysed terms, by id: entries are never edited, so each is analysed once. */
  private readonly curatedTerms = new Map<string, { question: Set<string>; answer: Set<string> }>();

  /** The statements every question runs, gathered on PostgreSQL (questionStatements.ts). */
  private readonly statements: QuestionStatements;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.statements = questionStatements(db, () => new Date(now().getTime() - DAY_MS).toISOString());
  }

  /** Where an unanswered question of this person, for this quartier (none when not a member), would go. */
  async route(personId: string, quartier: string | null): Promise<InboxRoute> {
    if (!quartier) return 'askQuartier';
    return (await this.sentToday(personId)) >= DAILY_INBOX_CAP ? 'capped' : 'inbox';
  }

  /** How many of this person's questions reached the inbox in the last 24 hours. */
  private async sentToday(personId: string): Promise<number> {
    return Number((await this.statements.countSince(personId))?.n ?? 0);
  }

  /**
   * Keeps a question: 'open' for the inbox, 'bot' when the bot answered (for "Pas utile"). An 'open' question
   * that may not reach the inbox yet (see `route`) is kept out of it, marked unanswered, for `toQuartier`.
   * `route`: when the caller already asked it (one statement less per question).
   */
  async keep(q: {
    quartier: string | null;
    text: string;
    personId: string;
    status: 'bot' | 'open';
    route?: InboxRoute;
  }): Promise<string> {
    const id = randomUUID();
    const held = q.status === 'open' && (q.route ?? (await this.route(q.personId, q.quartier))) !== 'inbox';
    await this.statements.insert({
      id,
      quartier: q.quartier,
      text: q.text.slice(0, 500),
      person_id: q.personId,
      status: held ? 'bot' : q.status,
      reason: q.status === 'open' ? 'abstained' : null,
      asked_at: this.now().toISOString(),
      curated_id: null,
    });
    return id;
  }

  async get(id: string): Promise<InboxQuestion | undefined> {
    const r = await this.db.selectFrom('faq_questions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toQuestion(r);
  }

  /**
   * "Pas utile" on an answer the bot gave: only its asker, once; it goes to the inbox of its quartier (when the
   * asker has one and is under the day's cap; else 'askQuartier' or 'capped', and 'already' when done before).
   */
  async markUnhelpful(id: string, personId: string): Promise<InboxRoute | 'already'> {
    const q = await this.get(id);
    if (!q || q.personId !== personId || q.status !== 'bot') return 'already';
    const route = await this.route(personId, q.quartier);
    if (route === 'capped') return route;
    await this.db
      .updateTable('faq_questions')
      .set({ status: route === 'inbox' ? 'open' : 'bot', reason: 'unhelpful' })
      .where('id', '=', id)
      .where('status', '=', 'bot')
      .execute();
    return route;
  }

  /** Someone in no quartier said which one their held question is for: it goes to that quartier's inbox. */
  async toQuartier(id: string, personId: string, quartier: string): Promise<'inbox' | 'capped' | 'gone'> {
    const q = await this.get(id);
    if (!q || q.personId !== personId || q.status !== 'bot' || q.quartier !== null || !q.reason) return 'gone';
    if ((await this.route(personId, quartier)) === 'capped') return 'capped';
    await this.db
      .updateTable('faq_questions')
      .set({ status: 'open', quartier })
      .where('id', '=', id)
      .where('status', '=', 'bot')
      .execute();
    return 'inbox';
  }

  /** Everything kept about a person's questions, newest first (/mesdonnees). */
  async ofPerson(personId: string): Promise<InboxQuestion[]> {
    return (await this.statements.questionsOf(personId)).map(toQuestion);
  }

  /**
   * Open questions of these quartiers, grouped by similarity; the groups asked by the most people first (one
   * person repeating a question counts once), then those waiting longest.
   */
  async groups(quartiers: string[]): Promise<InboxQuestion[][]> {
    if (!quartiers.length) return [];
    const rows = await this.db
      .selectFrom('faq_questions')
      .selectAll()
      .where('status', '=', 'open')
      .where('quartier', 'in', quartiers)
      .orderBy('asked_at')
      .execute();
    const groups: { terms: Set<string>; items: InboxQuestion[] }[] = [];
    for (const r of rows) {
      const q = toQuestion(r);
      const terms = termsOf(q.text);
      const same = groups.find((g) => g.items[0]!.quartier === q.quartier && jaccard(g.terms, terms) >= SAME_QUESTION);
      if (same) same.items.push(q);
      else groups.push({ terms, items: [q] });
    }
    return groups.map((g) => g.items).sort((a, b) => askers(b) - askers(a));
  }

  /** The open questions that are the same as this one (itself included). */
  async sameAs(id: string): Promise<InboxQuestion[]> {
    const first = await this.get(id);
    if (first?.status !== 'open') return [];
    const group = (await this.groups(first.quartier ? [first.quartier] : [])).find((g) => g.some((q) => q.id === id));
    return group ?? [first];
  }

  /** An eco-manager answers: a curated entry of the quartier, and these questions answered by it. */
  async answer(questions: InboxQuestion[], answer: string, authorId: string): Promise<CuratedAnswer> {
    const first = questions[0]!;
    const curated = { id: randomUUID(), quartier: first.quartier, question: first.text, answer };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('faq_curated')
        .values({ ...curated, author_id: authorId, created_at: this.now().toISOString() })
        .execute();
      await trx
        .updateTable('faq_questions')
        .set({ status: 'answered', curated_id: curated.id })
        .where(
          'id',
          'in',
          questions.map((q) => q.id),
        )
        .execute();
    });
    return curated;
  }

  /** "Ignorer": the eco-manager sets these questions aside (off-topic, a joke, already answered elsewhere). */
  async dismiss(questions: InboxQuestion[]): Promise<void> {
    await this.db
      .updateTable('faq_questions')
      .set({ status: 'dismissed' })
      .where(
        'id',
        'in',
        questions.map((q) => q.id),
      )
      .where('status', '=', 'open')
      .execute();
  }

  async curated(id: string): Promise<CuratedAnswer | undefined> {
    return this.db
      .selectFrom('faq_curated')
      .select(['id', 'quartier', 'question', 'answer'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * The eco-manager's answer to a question like this one, in its quartier (or general), if any; for someone in
   * no quartier, any quartier's (their question reaches an inbox only once they say which quartier).
   */
  async matchCurated(text: string, quartier: string | null): Promise<CuratedAnswer | undefined> {
    const rows = await this.statements.curatedOf(quartier ?? '');
    const terms = termsOf(text);
    let best: { c: CuratedAnswer; score: number } | undefined;
    if (this.curatedTerms.size > 10_000) this.curatedTerms.clear();
    for (const c of rows) {
      const cached = this.curatedTerms.get(c.id) ?? { question: termsOf(c.question), answer: termsOf(c.answer) };
      this.curatedTerms.set(c.id, cached);
      const score = curatedScore(terms, cached.question, cached.answer);
      if (score > 0 && (!best || score > best.score)) best = { c, score };
    }
    return best?.c;
  }

  /**
   * Forgets questions nobody needs any more: answers the bot gave after a week (nobody will press "Pas utile"),
   * questions answered or set aside after a month, questions nobody handled after three.
   */
  async purge(): Promise<number> {
    const ago = (ms: number) => new Date(this.now().getTime() - ms).toISOString();
    const res = await this.db
      .deleteFrom('faq_questions')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'bot'), eb('asked_at', '<', ago(BOT_ANSWERS_KEPT_MS))]),
          eb.and([eb('status', 'in', ['answered', 'dismissed']), eb('asked_at', '<', ago(HANDLED_KEPT_MS))]),
          eb.and([eb('status', '=', 'open'), eb('asked_at', '<', ago(OPEN_KEPT_MS))]),
        ]),
      )
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}

/** How many different people asked the questions of a group (a question left anonymous counts as one). */
export const askers = (group: InboxQuestion[]) => new Set(group.map((q) => q.personId ?? q.id)).size;

function toQuestion(r: FaqQuestionsTable): InboxQuestion {
  return {
    id: r.id,
    quartier: r.quartier,
    text: r.text,
    personId: r.person_id,
    status: r.status as InboxQuestion['status'],
    reason: r.reason as InboxReason | null,
    askedAt: r.asked_at,
    curatedId: r.curated_id,
  };
}
