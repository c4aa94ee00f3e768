import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/translator.js';
import type { Answer } from '../../src/knowledge/answerer.js';
import { isEmergency, safetyKind } from '../../src/knowledge/emergency.js';
import { emergencyMet, readEmergencyQuestions } from '../../src/knowledge/evaluation.js';
import { renderAnswer } from '../../src/knowledge/render.js';
import { EVAL_DIR } from '../support/corpus.js';

const source = { file: 'canicule-bons-gestes.md', title: 'Fortes chaleurs', score: 1, page: null, heading: null };
const base: Answer = {
  text: '',
  abstained: false,
  tier: 'answer',
  documentTier: 'none',
  sources: [],
  cited: [],
  passages: [],
  safety: 'emergency',
};

describe('emergencies first', () => {
  it('recognises the dev set of emergencies (spoken, misspelt, English) and none of its near misses', () => {
    // The held-out half (emergency-holdout.jsonl) is measured once, by eval:faq, not here.
    const questions = readEmergencyQuestions(`${EVAL_DIR}/emergency-dev.jsonl`);
    expect(questions.filter((q) => q.emergency).length).toBeGreaterThanOrEqual(30);
    const wrong = questions.filter((q) => isEmergency(q.question) !== q.emergency).map((q) => q.question);
    expect(wrong).toEqual([]);
  });

  it('keeps the numbers question apart, and reads nothing urgent into questions about the heat in general', () => {
    expect(safetyKind('quel est le numéro canicule ?')).toBe('numbers');
    expect(safetyKind('il fait 39 et ma grand-mère ne se sent pas bien')).toBe('emergency');
    for (const q of ["c'est quoi la canicule ?", 'la chaudière est tombée en panne', 'le syndic ne répond pas'])
      expect(safetyKind(q)).toBeUndefined();
  });

  it('shows the safety text first, then what the documents add, and never "I don\'t know" after it', () => {
    const t = translator('fr');
    const alone = renderAnswer(base, t, 'ilot13@example.org');
    expect(alone).toMatch(/^Si quelqu'un se sent mal[^\n]*\n• Appelez le 15 \(SAMU\) ou le 112[^\n]*114/);
    expect(alone).toMatch(/3975[\s\S]*0 800 06 66 66/);
    expect(alone).not.toMatch(/Je n'ai pas trouvé/);
    expect(emergencyMet(base, alone)).toBe(true);
    const withPassages: Answer = {
      ...base,
      documentTier: 'passages',
      text: 'Rappeler 30 minutes plus tard.',
      excerpts: [{ text: 'Rappeler 30 minutes plus tard.', source }],
    };
    const shown = renderAnswer(withPassages, t, 'ilot13@example.org');
    expect(shown.indexOf('112')).toBeLessThan(shown.indexOf('Rappeler 30 minutes'));
    expect(shown).toMatch(/Ce que disent aussi les documents[\s\S]*« Rappeler 30 minutes plus tard. » — Fortes/);
    expect(renderAnswer(base, translator('en'), '')).toMatch(/^If someone feels unwell[\s\S]*text 114/);
  });

  it('renders the three tiers: answer with sources, passages hedged, nothing with the contact', () => {
    const t = translator('fr');
    const doc = { ...base, safety: undefined };
    const answer = { ...doc, documentTier: 'answer' as const, text: '520 logements.', cited: [source] };
    expect(renderAnswer(answer, t, 'c@x')).toMatch(/^D'après les documents du quartier :\n520 logements\.\n\nSource/);
    const middle = { ...doc, tier: 'passages' as const, documentTier: 'passages' as const, abstained: true };
    const passages = renderAnswer({ ...middle, excerpts: [{ text: '520 logements.', source }] }, t, 'c@x');
    expect(passages).toMatch(/^Voici ce que disent les documents — je ne suis pas sûr[^\n]*\n• « 520 logements\. »/);
    expect(passages).toMatch(/poser la question à votre éco-gestionnaire : c@x$/);
    const none = { ...doc, tier: 'none' as const, abstained: true };
    expect(renderAnswer(none, t, 'c@x')).toMatch(/Je n'ai pas trouvé[\s\S]*c@x/);
  });
});
