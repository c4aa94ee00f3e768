import type { Hit, SearchIndex } from './searchIndex.js';
import type { GroundedLlm } from './llm.js';
import { fuseRankings } from './embeddings.js';
import { expectedAnswerType, questionFocus } from './answerTypes.js';

export { questionFocus } from './answerTypes.js';

export interface Source {
  file: string;
  title: string;
  score: number;
  page: number | null;
  heading: string | null;
}

export interface Answer {
  text: string;
  abstained: boolean;
  /** Retrieved documents, best first. */
  sources: Source[];
  /** The documents the answer's text actually comes from (what the person is shown). */
  cited: Source[];
  /** How well the best passage and sentence cover the question (0..1), what abstention is decided on. */
  confidence?: { passage: number; sentence: number };
  /** The passages the answer was drawn from (for the LLM, for tests). */
  passages: string[];
}

export interface AnswerOptions {
  /** Restrict to these scopes ('general' + a quartier); all documents when undefined. */
  scopes?: string[];
  /** Minimum share of the question's weight (IDF) a passage must cover to be trusted. */
  minCoverage: number;
  llm?: GroundedLlm;
  /** Chunks found by vector similarity (hybrid retrieval), best first; fused with BM25's by rank. */
  semanticHits?: Hit[];
  /** The asker's quartier, and every quartier's name (id → "Ilot 13"): their own quartier's lines come first. */
  quartier?: string;
  quartierNames?: Record<string, string>;
}

const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Ý0-9«"(])/u;

/**
 * Answers from the index only. Abstains when no passage covers enough of the question; otherwise quotes
 * the sentences that answer, or lets the optional LLM phrase a grounded answer from those passages.
 */
export async function answerQuestion(index: SearchIndex, question: string, opts: AnswerOptions): Promise<Answer> {
  const groups = dedupeGroups(index.analyze(question));
  const lexical = groups.length ? index.search(question, opts.scopes, 8) : [];
  const hits = opts.semanticHits?.length ? fuseRankings([lexical, opts.semanticHits], 8) : lexical;
  const sources = distinctSources(hits).slice(0, 3);
  const coverage = (terms: Set<string>) => index.coverage(groups, terms);
  const best = Math.max(0, ...hits.slice(0, 3).map((h) => coverage(index.termsOf(h.chunk.id))));
  const abstain = (confidence?: Answer['confidence'], passages: string[] = []): Answer => ({
    text: '',
    abstained: true,
    sources,
    cited: [],
    confidence,
    passages,
  });
  if (!hits.length || best < 0.8 * opts.minCoverage) return abstain();

  const wanted = expectedAnswerType(question);
  const ranked = rankSentences(index, question, groups, hits);
  // Whether to answer is decided on how well the question is covered, before any preference of quartier.
  if (!ranked[0] || ranked[0].score < opts.minCoverage) return abstain();
  const candidates = preferQuartier(ranked, question, opts);
  const first = candidates[0]!;
  const confidence = { passage: best, sentence: ranked[0].score };
  const chosen = [first];
  for (const c of candidates.slice(1)) {
    if (chosen.length >= 3 || chosen.reduce((n, x) => n + x.sentence.length, 0) > 420) break;
    if (c.score >= (chosen.length === 1 ? 0.45 : 0.6) * first.score && !chosen.some((x) => x.sentence === c.sentence))
      chosen.push(c);
  }
  // The question asks for a number, a date, an address…: make sure one sentence holding one is there.
  // A list number ("3. Isoler les plafonds…") is not the number asked for.
  const holds = (c: { sentence: string }) => !!wanted && wanted.test(c.sentence.replace(/^\d+[.)]\s+/, ''));
  if (wanted && !holds(first)) {
    // The best passage usually goes on with the fact ("Signes d'alerte… Que faire ? Appeler le 15";
    // "Isoler les plafonds des caves… Comptez de 40 à 70 € par m²"): that sentence comes first, then one
    // already chosen, then a strong one elsewhere.
    const near = (c: (typeof candidates)[number]) =>
      c.hit === first.hit && c.position > first.position && c.position - first.position <= 3;
    const holder =
      candidates.filter((c) => near(c) && holds(c)).sort((a, b) => a.position - b.position)[0] ??
      chosen.find(holds) ??
      candidates.find((c) => holds(c) && c.score >= 0.4 * first.score);
    // The documents speak of the subject but hold no such fact (no price, no height…): say so rather than
    // quote sentences that do not answer.
    if (!holder) return abstain(confidence);
    if (!chosen.includes(holder)) chosen.splice(1, chosen.length >= 2 ? 1 : 0, holder);
  }
  // "Quelle marque…", "quel est le nom du syndic…": the thing asked for must be named where the answer is
  // taken from, or the sentences speak of something else (the documents name no brand, no syndic).
  const focus = questionFocus(question, index.analyze);
  if (focus) {
    const named = (c: (typeof candidates)[number]) => {
      const terms = new Set(index.analyze(`${c.hit.chunk.heading ?? ''} ${c.sentence}`).flat());
      return focus.some((group) => group.some((t) => terms.has(t)));
    };
    if (!chosen.some(named)) {
      const holder = candidates.find((c) => named(c) && c.score >= 0.5 * first.score);
      if (!holder) return abstain(confidence);
      chosen.splice(0, chosen.length, holder);
    }
  }
  // Read in the documents' order within a passage; the passage holding the best sentence first.
  const bestIn = (h: Hit) => Math.max(...chosen.filter((c) => c.hit === h).map((c) => c.score));
  chosen.sort((a, b) => (a.hit === b.hit ? a.position - b.position : bestIn(b.hit) - bestIn(a.hit)));
  const cited = distinctSources(chosen.map((c) => c.hit));
  if (opts.llm) {
    // The extractive pass above decided the question is covered; the LLM phrases it from the best passages.
    const top = hits.slice(0, 5);
    const result = await opts.llm.answer(
      question,
      top.map((h) => h.chunk),
    );
    if (!result)
      return abstain(
        undefined,
        top.map((h) => h.chunk.text),
      );
    const used = result.cited.map((i) => top[i]).filter((h): h is Hit => !!h);
    return {
      text: result.text,
      abstained: false,
      sources,
      cited: used.length ? distinctSources(used) : cited,
      confidence,
      passages: top.map((h) => h.chunk.text),
    };
  }
  const listed = [...sources, ...cited.filter((c) => !sources.some((s) => s.file === c.file))];
  // The section heading gives the quoted sentences their context ("DTG — diagnostic technique global : …").
  const heading = chosen[0]!.hit.chunk.heading;
  let text = chosen.map((c) => c.sentence).join(' ');
  if (heading && heading.length <= 80 && heading !== chosen[0]!.hit.chunk.title && !text.includes(heading))
    text = `${heading} : ${text}`;
  return { text, abstained: false, sources: listed, cited, confidence, passages: chosen.map((c) => c.hit.chunk.text) };
}

/**
 * The sentences of the best passages that carry most of the question's weight, read with their section
 * heading, preferring those that hold what the question asks for (a number…); best first.
 */
export function rankSentences(index: SearchIndex, question: string, groups: string[][], hits: Hit[]) {
  const coverage = (terms: Set<string>) => index.coverage(groups, terms);
  const wanted = expectedAnswerType(question);
  const candidates = hits.slice(0, 8).flatMap((h, rank) => {
    const headingTerms = index.analyze(`${h.chunk.heading ?? ''}`).flat();
    const sentences = sentencesOf(h.chunk.text);
    const termSets = sentences.map((sentence) => new Set(index.analyze(sentence).flat()));
    return sentences.map((sentence, position) => {
      const own = termSets[position]!;
      const withHeading = new Set([...own, ...headingTerms]);
      // A list item or a follow-up sentence borrows meaning from its neighbours.
      const withNeighbours = new Set([
        ...withHeading,
        ...(termSets[position - 1] ?? []),
        ...(termSets[position + 1] ?? []),
      ]);
      const lexical = 0.5 * coverage(own) + 0.3 * coverage(withHeading) + 0.2 * coverage(withNeighbours);
      const bonus = wanted?.test(sentence) ? 1.5 : 1;
      return { sentence, hit: h, position, score: lexical * bonus * (1 - 0.08 * rank) };
    });
  });
  return candidates.sort((a, b) => b.score - a.score);
}

const foldName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ');

/**
 * The documents list the three quartiers side by side ("Ilot 13 : mardi 19 janvier… Bas-Belleville : mercredi
 * 3 février…"). A sentence naming the quartier asked about (the asker's, or the one the question names) is
 * preferred; one naming only other quartiers is set back.
 */
function preferQuartier<C extends { sentence: string; score: number }>(
  candidates: C[],
  question: string,
  opts: AnswerOptions,
): C[] {
  const names = Object.entries(opts.quartierNames ?? {}).map(([id, name]) => ({ id, name: ` ${foldName(name)} ` }));
  const named = (text: string) => names.filter((n) => ` ${foldName(text)} `.includes(n.name)).map((n) => n.id);
  const target = named(question)[0] ?? opts.quartier;
  if (!target || !names.length) return candidates;
  return candidates
    .map((c) => {
      const quartiers = named(c.sentence);
      if (!quartiers.length) return c;
      return { ...c, score: c.score * (quartiers.includes(target) ? 1.25 : 0.6) };
    })
    .sort((a, b) => b.score - a.score);
}

function dedupeGroups(groups: string[][]): string[][] {
  const seen = new Set<string>();
  return groups.filter((g) => {
    const key = g.join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Re-joins lines wrapped by the PDF/Markdown layout, then cuts paragraphs and list items into sentences. */
function sentencesOf(text: string): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let inList = false; // items of a list introduced by "…:" stay with their introduction while it is short
  const flush = () => {
    if (current) paragraphs.push(current);
    current = '';
    inList = false;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) {
      if (!current.endsWith(':')) flush();
      continue;
    }
    const bullet = /^([-*•]|\d+[.)])\s+/;
    const isItem = bullet.test(line);
    if (isItem && (current.endsWith(':') || inList) && current.length + line.length < 400) {
      current = `${current} ${line.replace(bullet, '')}`;
      inList = true;
      continue;
    }
    if (inList) flush();
    const isHeading = /^#{1,6}\s/.test(line);
    if (isItem || isHeading || /[.!?]$/.test(current) || (/[;:]$/.test(current) && /^[A-ZÀ-Ý]/u.test(line))) {
      flush();
      current = line;
    } else {
      current = current ? `${current} ${line}` : line;
    }
  }
  flush();
  const parts = paragraphs
    .flatMap((p) => p.split(SENTENCE_SPLIT))
    .map((s) =>
      s
        .replace(/^([-*•]|#{1,6})\s+/, '')
        .replace(/[#*_`]/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s.length > 0);
  // Very short fragments (a label, "1 h 30") belong to the next sentence.
  const merged: string[] = [];
  for (const p of parts) {
    if (merged.length && merged[merged.length - 1]!.length < 30) merged[merged.length - 1] += ` ${p}`;
    else merged.push(p);
  }
  return merged.filter((s) => !/^Document d.exemple/i.test(s));
}

function distinctSources(hits: Hit[]): Source[] {
  const seen = new Map<string, Source>();
  for (const h of hits) {
    if (!seen.has(h.chunk.file)) {
      seen.set(h.chunk.file, {
        file: h.chunk.file,
        title: h.chunk.title,
        score: Math.round(h.score * 1000) / 1000,
        page: h.chunk.page,
        heading: h.chunk.heading,
      });
    }
  }
  return [...seen.values()];
}
