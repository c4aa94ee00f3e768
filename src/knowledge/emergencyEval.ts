import type { Translate } from '../i18n/translator.js';
import { emergencyMet, readEmergencyQuestions } from './evaluation.js';
import type { KnowledgeBase } from './knowledgeBase.js';
import { renderAnswer } from './render.js';

/** The emergency set: met (the safety text with 15 and 112 shown first), false alarms on the near misses. */
export async function evaluateEmergencies(
  kb: KnowledgeBase,
  file: string,
  t: Translate,
  contact: string,
  json: boolean,
): Promise<number> {
  const questions = readEmergencyQuestions(file);
  let met = 0;
  let alarms = 0;
  for (const q of questions) {
    const answer = await kb.ask(q.question);
    const shown = renderAnswer(answer, t, contact);
    const ok = emergencyMet(answer, shown);
    if (q.emergency && ok) met++;
    if (!q.emergency && answer.safety === 'emergency') alarms++;
    if (json) console.log(JSON.stringify({ id: q.id, emergency: q.emergency, met: ok, tier: answer.tier, shown }));
    else if (q.emergency !== ok) console.log(`${q.id} ${q.emergency ? 'MISSED' : 'FALSE ALARM'} — ${q.question}`);
  }
  const emergencies = questions.filter((q) => q.emergency).length;
  const near = questions.length - emergencies;
  const summary = { emergencies, met: met / (emergencies || 1), near_misses: near, false_alarms: alarms / (near || 1) };
  console.log(json ? JSON.stringify({ totals: summary }) : JSON.stringify(summary));
  return 0;
}
