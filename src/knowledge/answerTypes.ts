/** What kind of answer a question wants (a price, a date, a place…) and the thing it asks for by name. */

const MONTHS =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|' +
  'january|february|march|april|may|june|july|august|september|october|november|december';

/** What kind of fact the question asks for, as a pattern a sentence holding it would match. */
export function expectedAnswerType(question: string): RegExp | undefined {
  const q = question.toLowerCase();
  if (/e-?mail|courriel|adresse (mail|électronique)/.test(q)) return /@/;
  // A person or an organisation by name: a name is capitalised, quoted or an acronym.
  if (
    /\bqui (est|sont|s'occupe|anime|dirige|porte|pilote)\b|comment s.appelle|\bwho\b|which company/.test(q) ||
    NAMED_THING.test(q)
  )
    return NAME;
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
  if (/degr[ée]s?\b|temp[ée]rature|degrees/.test(q)) return /\d+([.,]\d+)?\s?(°|degr)/i;
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

/** "quelle entreprise", "quel bureau d'études"…: asks for something by its name. */
const NAMED_THING = new RegExp(
  String.raw`quel(le)?s? ((est|sont) (le|la|les) )?` +
    String.raw`(nom|entreprise|marque|bureau d.[ée]tudes|soci[ée]t[ée]|prestataire|association|syndic|fournisseur)\b` +
    String.raw`|\ble nom d`,
);

/** A proper name: two capitalised words, a quoted name or an acronym (not at the start of the sentence only). */
const NAME = /\s[A-ZÀ-Ý][\p{Ll}-]+\s[A-ZÀ-Ý][\p{Ll}-]+|«[^»]{2,40}»|\s[A-Z]{2,6}\b/u;

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

const NUMBER_WORDS = 'un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|cent|mille';
const NUMBER = new RegExp(`^(\\d[\\d,.]*|${NUMBER_WORDS})$`, 'i');

/** "combien de bacs", "how many stops": the thing counted, as analysed terms (undefined when none). */
export function countedThing(question: string, analyze: (text: string) => string[][]): Set<string> | undefined {
  const m = /(?:combien\s+d(?:e\s+|['’]\s*)|how many\s+|nombre\s+d(?:e\s+|['’]\s*))([\p{L}²-]+)/iu.exec(question);
  const word = m?.[1];
  if (!word || /^(temps|tps|ici|fois)$/i.test(word)) return undefined;
  const terms = analyze(word).flat();
  return terms.length ? new Set(terms) : undefined;
}

/** Whether the sentence gives a number of the counted thing: a figure followed, within two words, by it. */
export function countsThing(sentence: string, counted: Set<string>, analyze: (text: string) => string[][]): boolean {
  const words = sentence.split(/[\s\u00a0\u202f]+/);
  return words.some(
    (w, i) =>
      NUMBER.test(w.replace(/[()«»:;]/g, '')) &&
      analyze(words.slice(i + 1, i + 3).join(' '))
        .flat()
        .some((t) => counted.has(t)),
  );
}

/** Lower case, no accents, words separated by single spaces: for comparing names and phrases. */
export const folded = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Whether a sentence holds a fact of the wanted type that the question does not already say. Built once per
 * question (its folded words, the pattern made global), then asked of every candidate sentence.
 */
export function newFactTest(question: string, wanted: RegExp): (sentence: string) => boolean {
  const q = ` ${folded(question)} `;
  const all = new RegExp(wanted.source, wanted.flags.includes('g') ? wanted.flags : `${wanted.flags}g`);
  return (sentence) =>
    [...sentence.matchAll(all)].some((m) => {
      // New when none of its words is the question's: « copropriétaire ambassadeur » does not name the ambassador.
      const words = folded(m[0])
        .split(' ')
        .filter((w) => w.length > 1 || /\d/.test(w));
      return words.length > 0 && !words.some((w) => q.includes(` ${w} `));
    });
}

const ENGLISH_WORDS = new RegExp(
  String.raw`\b(${[
    'the|what|which|how|when|where|who|whom|does|do|is|are|can|should|my|our|i|to|of|for|with|there',
    'many|much|will|was|were|have|has|if|it|and|at|be|get',
  ].join('|')})\b`,
  'gi',
);

/** A question mostly in English (residents write in either): at least two of its common words are English. */
export function isEnglish(question: string): boolean {
  return (question.match(ENGLISH_WORDS) ?? []).length >= 2;
}
