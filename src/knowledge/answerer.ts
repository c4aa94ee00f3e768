import type { Hit, SearchIndex } from './searchIndex.js';
import type { GroundedLlm } from './llm.js';
import { fuseRankings } from './embeddings.js';

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

const MONTHS =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|' +
  'january|february|march|april|may|june|july|august|september|october|november|december';

/** What kind of fact the question asks for, as a pattern a sentence holding it would match. */
function expectedAnswerType(question: string): RegExp | undefined {
  const q = question.toLowerCase();
  if (/e-?mail|courriel|adresse (mail|électronique)/.test(q)) return /@/;
  if (/num[ée]ro|t[ée]l[ée]phone|\bappel|phone|call/.test(q)) return /\d{2}[\s.]?\d{2}|\b1[0-9]{1,3}\b/;
  if (/quelle heure|à quelle h|jusqu.à quelle heure|what time|horaire/.test(q))
    return /\d{1,2}\s?h\b|\d{1,2}\s?h\s?\d{2}/;
  if (/quand|quelle date|quel jour|quel soir|depuis quand|jusqu.à quand|when|which day|date/.test(q)) {
    return new RegExp(`\\b(${MONTHS}|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|\\d{4})\\b`, 'i');
  }
  // A place: a street address or the kind of venue the documents name.
  if (
    /(?<![\p{L}'’])où(?!\p{L})|\bwhere\b|quel(le)? (adresse|lieu|endroit|salle)/u.test(q) &&
    !/e-?mail|courriel/.test(q)
  ) {
    return PLACE;
  }
  // Figures: the kind of quantity asked for, so "combien ça coûte" wants a price, not any number.
  if (
    /co[uû]t|prix|tarif|revient [àa] combien|combien.{0,20}(payer|euros|€)|budget|montant|how much|cost|price/.test(q)
  )
    return /\d[\d\s.,]*\s?(€|euros?|k€)|gratuit|free/i;
  if (/combien de temps|dur[ée]e|how long|prend combien/.test(q))
    return /\d+\s?(h|min|minutes?|heures?|jours?|semaines?|mois|ans?|years?|hours?|days?)\b/i;
  if (/hauteur|longueur|largeur|[ée]paisseur|distance|how (high|tall|far|thick)/.test(q))
    return /\d+([.,]\d+)?\s?(cm|mm|m|m[èe]tres?|km)\b/i;
  if (/pourcentage|quelle part|what share|percentage|\btaux\b|%/.test(q)) return /\d+\s?%|pour ?cent|percent/i;
  // Small counts are often written out ("une à trois personnes", "au moins deux référents").
  if (/combien|quel(le)? (puissance|surface|nombre)|how many|what fine/.test(q))
    return /\d|\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|cent|mille)\b/i;
  return undefined;
}

/** Words that name a measure or a moment: asked with "quel", they are an answer type, not a thing to find named. */
const MEASURES = new RegExp(
  `^(${[
    'heure|heures|date|jour|jours|soir|matin|moment|année|an|ans|mois|semaine',
    'prix|co[uû]t|tarif|montant|somme|puissance|surface|superficie|hauteur|longueur|largeur|distance',
    'dur[ée]e|taille|temp[ée]rature|niveau|num[ée]ro|t[ée]l[ée]phone|adresse|e-?mail|courriel',
    'pourcentage|part|taux|nombre|quantit[ée]',
    'time|day|date|price|cost|number|phone|email|address|year|month|hour|much|many|long',
  ].join('|')})$`,
  'i',
);

/** Where something happens: a street address or the kind of venue the documents name. */
const PLACE = new RegExp(
  [
    String.raw`\b\d+,?\s+(rue|passage|all[ée]e|avenue|boulevard|bd|place|impasse|square|quai|villa|cit[ée])\b`,
    String.raw`\b(rue|passage|all[ée]e|avenue|boulevard|impasse|quai) (de|du|des|d['’])`,
    String.raw`local associatif|maison de quartier|\bhall\b|\bsalle\b|\bmairie\b|\bparvis\b|\bdevant\b|sur place`,
  ].join('|'),
  'i',
);

/** "quel(le)(s) [est/sont] [le/la/les] [nom/type… de] X": X is what is asked for. */
const QUEL_FOCUS = new RegExp(
  String.raw`\bquel(?:le)?s?\s+(?:(?:est|sont|était|serait)\s+)?(?:(?:le|la|les|l')\s*)?` +
    String.raw`(?:(?:nom|noms|type|genre|sorte)\s+(?:de|du|des|d')\s*(?:la\s+|l')?)?([\p{L}-]+)`,
  'u',
);

/**
 * The thing a "quel X" / "which X" question asks for ("quelle marque", "le nom du syndic"), as analysed term
 * groups; undefined when the question asks for a measure, a moment or a contact (its answer type says it).
 */
export function questionFocus(question: string, analyze: (text: string) => string[][]): string[][] | undefined {
  const q = question.toLowerCase().replace(/[’]/g, "'");
  const m =
    QUEL_FOCUS.exec(q) ??
    /\b(?:which|what)\s+(?:is\s+the\s+|are\s+the\s+)?(?:(?:name|kind|type)\s+of\s+(?:the\s+)?)?([\p{L}-]+)/u.exec(q);
  const word = m?.[1];
  if (!word || MEASURES.test(word)) return undefined;
  const groups = analyze(word);
  return groups.length ? groups : undefined;
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
