import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { writeFileSync } from 'node:fs';
import { readQuestions, scoreAnswer, type Totals } from './evaluation.js';
import { trainAnswerModel, writeModel } from './training.js';

/** The labelled questions the committed model is trained on (the held-out set is not among them). */
export const TRAINING_SETS = [
  'knowledge-eval/questions-dev.jsonl',
  'knowledge-eval/questions-dev-2.jsonl',
  'knowledge-eval/questions-relais-train.jsonl',
  'knowledge-eval/questions-relais-train-2.jsonl',
  'knowledge-eval/questions-relais-train-3.jsonl',
];
const CORPUS = 'knowledge-eval/corpus';
const OUT = fileURLToPath(new URL('./answerModel.weights.json', import.meta.url));

const line = (name: string, t: Totals) =>
  `${name.padEnd(34)} hit@3 ${t.hit_at_3.toFixed(2)}  correct ${t.answer_correctness.toFixed(2)}  ` +
  `abstain ${t.abstention_accuracy.toFixed(2)}  unjustified ${t.unjustified_abstentions.toFixed(2)}  ` +
  `shown ${t.fact_shown.toFixed(2)}  misleading ${t.misleading.toFixed(2)}  ` +
  `confident-wrong ${t.confident_wrong.toFixed(2)}  tiers ${t.confident.toFixed(2)}/${t.passages.toFixed(2)}/` +
  `${t.none.toFixed(2)}  (${t.questions} q.)`;

/** `npm run train:faq`: k-fold cross-validated figures, then the model trained on every set, written to src. */
export async function trainCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      corpus: { type: 'string' },
      questions: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      with: { type: 'string', multiple: true },
    },
  });
  const sets = [...(values.questions ? values.questions.split(',') : TRAINING_SETS), ...(values.with ?? [])];
  const questions = sets.flatMap((f) => readQuestions(f));
  const report = await trainAnswerModel(values.corpus ?? CORPUS, questions, config, logger);
  console.log(`trained on ${questions.length} questions: ${sets.join(', ')}`);
  for (const [k, t] of report.perFold.entries()) console.log(line(`fold ${k + 1} (held out)`, t));
  console.log(line('cross-validated (5 folds)', report.crossValidated));
  const m = report.model;
  console.log(
    `thresholds: answer ${m.threshold.toFixed(4)}, passages ${m.passages.toFixed(4)}; companion ${m.companion}`,
  );
  if (values.report) {
    // One line per question, as the model that did not see it answered: for reading its mistakes.
    const lines = report.heldOut.map((x) => {
      const answered = x.p >= x.threshold && !x.answer.abstained;
      const tier = x.answer.abstained ? 'none' : answered ? 'answer' : x.p >= x.passagesThreshold ? 'passages' : 'none';
      const right = scoreAnswer(x.q, { ...x.answer, abstained: false }, 0).correct;
      const text = x.answer.text;
      return JSON.stringify({ id: x.q.id, answerable: x.q.answerable, p: x.p, tier, rightIfAnswered: right, text });
    });
    writeFileSync(values.report, `${lines.join('\n')}\n`);
    console.log(`held-out answers: ${values.report}`);
  }
  // The committed weights change only when asked: with exported labels, only an explicit --out writes them.
  if (values.with?.length && !values.out) {
    console.log(`not written (--with): add --out ${OUT} to use this model`);
    return 0;
  }
  writeModel(values.out ?? OUT, report.model);
  console.log(`written: ${values.out ?? OUT}`);
  return 0;
}
