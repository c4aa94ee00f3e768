import { randomUUID } from 'node:crypto';
import type { Db } from '../../storage/database.js';
import { analyze } from '../../knowledge/analyzer.js';
import type { FaqQuestionsTable } from '../../storage/schema.js';

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

export interface CuratedAnswer {
  id: string;
  quartier: string | null;
  question: string;
  answer: string;
}

/** Answers the bot gave are kept this long, only for "Pas utile". */
const BOT_ANSWERS_KEPT_MS = 7 * 24 * 3600 * 1000;
/** Questions answered or set aside are forgotten after a month; those nobody handled, after three. */
const HANDLED_KEPT_MS = 30 * 24 * 3600 * 1000;
const OPEN_KEPT_MS = 90 * 24 * 3600 * 1000;
/** Two questions are "the same" when they share this much of their meaningful words (Jaccard). */
const SAME_QUESTION = 0.5;
/** A curated answer is used when its question covers this much of the new one's words, and back. */
const CURATED_MATCH = 0.6;
/**
 * Or, for a paraphrase ("comment avoir un bac au potager ?" for "il y a un potager partagé ?"), when its question
 * and answer together hold this much of the new one's words (at least two), its question holding one of them.
 */
const PARAPHRASE_MATCH = 0.75;

const termsOf = (text: string) => new Set(analyze(text));
/** Two stems are one word when one begins the other ("ref" of "je refais", "refair" of "refaire"). */
const same = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a)));
const share = (of: Set<string>, inside: Set<string>) =>
  of.size ? [...of].filter((t) => [...inside].some((u) => same(t, u))).length / of.size : 0;
function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  const common = Math.min(share(a, b) * a.size, share(b, a) * b.size);
  return common / (a.size + b.size - common);
}

/**
 * The questions the bot did not answer, or answered unhelpfully, for the eco-managers of their quartier
 * (/questions), and the answers those eco-managers give, which the bot then uses first.
 */
export class QuestionInbox {
  /** Curated questions as analysed terms, by id: entries are never edited, so each is analysed once. */
  private readonly curatedTerms = new Map<string, Set<string>>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Keeps a question: 'open' for the inbox, 'bot' when the bot answered (for "Pas utile"). */
  async keep(q: { quartier: string | null; text: string; personId: string; status: 'bot' | 'open' }): Promise<string> {
    const id = randomUUID();
    await this.db
      .insertInto('faq_questions')
      .values({
        id,
        quartier: q.quartier,
        text: q.text.slice(0, 500),
        person_id: q.personId,
        status: q.status,
        reason: q.status === 'open' ? 'abstained' : null,
        asked_at: this.now().toISOString(),
        curated_id: null,
      })
      .execute();
    return id;
  }

  async get(id: string): Promise<InboxQuestion | undefined> {
    const r = await this.db.selectFrom('faq_questions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toQuestion(r);
  }

  /** "Pas utile" on an answer the bot gave: only its asker, once; it goes to the inbox. */
  async markUnhelpful(id: string, personId: string): Promise<boolean> {
    const res = await this.db
      .updateTable('faq_questions')
      .set({ status: 'open', reason: 'unhelpful' })
      .where('id', '=', id)
      .where('person_id', '=', personId)
      .where('status', '=', 'bot')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Open questions of these quartiers (and those asked without one), grouped by similarity, most asked first. */
  async groups(quartiers: string[]): Promise<InboxQuestion[][]> {
    const rows = await this.db
      .selectFrom('faq_questions')
      .selectAll()
      .where('status', '=', 'open')
      .where((eb) => eb.or([eb('quartier', 'in', quartiers.length ? quartiers : ['']), eb('quartier', 'is', null)]))
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
    return groups.map((g) => g.items).sort((a, b) => b.length - a.length);
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

  /** The eco-manager's answer to a question like this one, in its quartier (or general), if any. */
  async matchCurated(text: string, quartier: string | null): Promise<CuratedAnswer | undefined> {
    const rows = await this.db
      .selectFrom('faq_curated')
      .select(['id', 'quartier', 'question', 'answer'])
      .where((eb) => eb.or([eb('quartier', 'is', null), eb('quartier', '=', quartier ?? '')]))
      .orderBy('created_at', 'desc')
      .execute();
    const terms = termsOf(text);
    let best: { c: CuratedAnswer; score: number } | undefined;
    if (this.curatedTerms.size > 10_000) this.curatedTerms.clear();
    for (const c of rows) {
      const theirs = this.curatedTerms.get(c.id) ?? termsOf(c.question);
      this.curatedTerms.set(c.id, theirs);
      const same = Math.min(share(theirs, terms), share(terms, theirs));
      // A paraphrase: the entry's question and answer, together, say what the new question asks about.
      const inQuestion = share(terms, theirs);
      const inEntry = inQuestion > 0 && terms.size >= 2 ? share(terms, new Set([...theirs, ...termsOf(c.answer)])) : 0;
      const paraphrase = inEntry >= PARAPHRASE_MATCH ? inEntry - 0.5 : 0;
      const score = same >= CURATED_MATCH ? same : paraphrase;
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
