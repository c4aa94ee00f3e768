import { asksForHeatNumber } from './safety.js';

/**
 * Questions that must never get "je ne sais pas": someone unwell in the heat, someone not answering, an
 * emergency, what to do right now in a heat wave. They are met first with the product's own safety text (never a
 * document's: a planted document could change a number), then with what the documents add.
 *
 * Lexical cues, in French (spoken, unaccented, misspelt) and English, combined by a few general rules: a strong
 * cue alone (malaise, fainting, heat stroke, SAMU…); a symptom with the heat, a person or the asker; "does not
 * answer" said of a person; "what do I do" with the heat and "now"; a deaf person asking how to call for help.
 * A question about the heat in general ("c'est quoi la canicule ?", a meeting, a heat island) has none of these.
 */
export type SafetyKind = 'emergency' | 'numbers';

/** Lower case, accents and apostrophes removed, one space between words: what the patterns read. */
export function foldQuestion(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

const any = (words: string[]) => new RegExp(` (?:${words.join('|')}) `);

/** Enough alone: these words name an emergency. */
const STRONG = any([
  'urgences?',
  'samu',
  'secours',
  'pompiers',
  'malaises?',
  'evanoui(?:e|s|es)?',
  'evanouir',
  'perdu connaissance',
  'perte de connaissance',
  'inconscient(?:e|s|es)?',
  'coup de (?:chaleur|chaud)',
  'insolation',
  'convulsions?',
  'ne respire (?:plus|pas)',
  'respire plus',
  '(?:ne )?se reveille (?:pas|plus)',
  '(?:ne )?bouge (?:pas|plus)',
  'par terre',
  'heat ?stroke',
  'sun ?stroke',
  'emergency',
  'unconscious',
  'fainted',
  'collapsed',
  'not breathing',
]);

/** Signs of being unwell: an emergency with the heat, a person, or the asker. */
const UNWELL = any([
  '(?:me|te|se) sen[st] (?:mal|pas bien|faible|bizarre)',
  'sen[st] (?:mal|pas bien)',
  'pas bien du tout',
  'va (?:mal|pas bien)',
  'vertiges?',
  'etourdi(?:e|s)?',
  'tete qui tourne',
  'mal (?:a|au) (?:la )?(?:tete|crane)',
  'migraine',
  'naus[ea]es?',
  'vomi(?:r|t|s|ssement|ssements)?',
  'fievre',
  'brulante?',
  'confuse?',
  'delire',
  'propos incoherents',
  'parle bizarrement',
  'crampes?',
  'deshydrat\\w*',
  'suffoque?',
  'etouffe',
  'respire (?:mal|vite|difficilement)',
  'tout mou',
  'toute molle',
  'faible',
  'tombee?(?! en panne)',
  'transpire plus',
  'peau (?:rouge|seche|chaude)',
  'unwell',
  'dizzy',
  'faint',
  'sick',
  'ill',
  'feels? (?:bad|weak|awful|terrible)',
  'vomit\\w*',
  'fever',
  'confused',
  'not feeling well',
  'passed out',
]);

const HEAT = any([
  'chaleur',
  'chaud',
  'chaude',
  'canicule',
  'caniculaire',
  'degres',
  '[34]\\d',
  'soleil',
  'heat',
  'heatwave',
  'hot',
]);

/** Someone, as residents name them. */
const PERSON = any([
  'voisine?s?',
  'mere',
  'pere',
  'grand ?mere',
  'grand ?pere',
  'mamie',
  'papi',
  'tante',
  'oncle',
  'mari',
  'femme',
  'homme',
  'dame',
  'monsieur',
  'mme',
  'madame',
  'personne',
  'fils',
  'fille',
  'enfant',
  'bebe',
  'collegue',
  'quelqu un',
  'elle',
  'il',
  'lui',
  'neighbou?r',
  'mother',
  'father',
  'mum',
  'mom',
  'dad',
  'grand(?:mother|father|ma|pa)',
  'lady',
  'man',
  'woman',
  'someone',
  'somebody',
  'she',
  'he',
  'her',
  'him',
  'child',
  'baby',
]);

const ASKER = any(['je', 'j', 'jai', 'jme', 'moi', 'me', 'i', 'my']);

/** "Ne répond pas", "n'ouvre pas", "pas de nouvelles", "not answering". */
const NOT_ANSWERING = any([
  '(?:ne |n )?repond(?:ent)? (?:pas|plus)',
  'a pas repondu',
  'pas repondu',
  '(?:ne |n )?ouvre (?:pas|plus)',
  'pas de nouvelles?',
  'sans nouvelles?',
  'la voit (?:pas|plus)',
  'le voit (?:pas|plus)',
  'la trouve plus',
  'trouve plus',
  'not answering',
  'isn t answering',
  'doesn t answer',
  'does not answer',
  'hasn t answered',
  'not responding',
  'no answer',
  'no news',
]);

const WHAT_TO_DO = any([
  'que faire',
  'quoi faire',
  'je fais quoi',
  'on fait quoi',
  'faire quoi',
  'que dois je faire',
  'qu est ce que je dois faire',
  'qu est ce qu on fait',
  'j appelle qui',
  'qui appeler',
  'what should i do',
  'what do i do',
  'what to do',
  'who do i call',
  'who should i call',
]);
const NOW = any(['maintenant', 'tout de suite', 'la tout de suite', 'vite', 'now', 'right now', 'en ce moment']);
/** "Je fais quoi là ?": "là" closing the question. */
const THERE = / la $/;

const DEAF = any(['sourde?s?', 'malentendante?s?', 'deaf', 'hard of hearing']);
const CALL = any(['appeler?', 'apelle', 'appelle', 'joindre', 'secours', 'urgences?', 'call', 'reach', 'help']);

/** Whether the question is an emergency (see above). */
export function isEmergency(question: string): boolean {
  const q = foldQuestion(question);
  const has = (p: RegExp) => p.test(q);
  if (has(STRONG)) return true;
  if (has(UNWELL) && (has(HEAT) || has(PERSON) || has(ASKER))) return true;
  if (has(NOT_ANSWERING) && has(PERSON)) return true;
  if (has(WHAT_TO_DO) && has(HEAT) && (has(NOW) || has(THERE))) return true;
  return has(DEAF) && has(CALL);
}

/** Which of the product's own safety texts comes first, if any: the emergency one, or the numbers to call. */
export function safetyKind(question: string): SafetyKind | undefined {
  if (isEmergency(question)) return 'emergency';
  return asksForHeatNumber(question) ? 'numbers' : undefined;
}
