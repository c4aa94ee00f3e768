import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Config, ConfigError } from '../../config.js';
import { openDatabase, type Db } from '../../storage/database.js';

/**
 * What use teaches the answer model: the questions the eco-managers answered or set aside, and those whose
 * answer a resident marked *Pas utile*, as labelled examples in the evaluation format (one JSON line each).
 * Each is labelled "the documents did not answer it" (`answerable: false`: the bot's best passages were not the
 * answer). The eco-manager's own answer comes along (`manager_answer`): when the documents do hold it, set
 * `answerable`, `sources` and `must_contain` by hand before training. No person is named in the file.
 */
export interface LabelledExample {
  id: string;
  quartier: string | null;
  question: string;
  answerable: boolean;
  sources: string[];
  must_contain: string[];
  origin: 'answered' | 'dismissed' | 'unhelpful';
  manager_answer?: string;
}

export async function exportLabels(db: Db): Promise<LabelledExample[]> {
  const rows = await db
    .selectFrom('faq_questions as q')
    .leftJoin('faq_curated as c', 'c.id', 'q.curated_id')
    .select(['q.id', 'q.quartier', 'q.text', 'q.status', 'q.reason', 'c.answer'])
    .where((eb) => eb.or([eb('q.status', 'in', ['answered', 'dismissed']), eb('q.reason', '=', 'unhelpful')]))
    .orderBy('q.asked_at')
    .orderBy('q.id')
    .execute();
  return rows.map((r) => ({
    id: `use-${r.id}`,
    quartier: r.quartier,
    question: r.text,
    answerable: false,
    sources: [],
    must_contain: [],
    origin: r.reason === 'unhelpful' ? 'unhelpful' : r.status === 'dismissed' ? 'dismissed' : 'answered',
    ...(r.answer ? { manager_answer: r.answer } : {}),
  }));
}

/** `npm run cli -- faq export-labels [--out FILE.jsonl]`: then `npm run train:faq -- --with FILE.jsonl`. */
export async function faqCommand(args: string[], config: Config): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'export-labels') throw new ConfigError('faq: export-labels [--out FILE.jsonl]');
  const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
  const db = await openDatabase(config.database);
  try {
    const labels = await exportLabels(db);
    const text = labels.map((l) => JSON.stringify(l)).join('\n') + (labels.length ? '\n' : '');
    if (!values.out) process.stdout.write(text);
    else {
      // Residents' questions: readable by its owner only.
      writeFileSync(values.out, text, { mode: 0o600 });
      console.log(`${values.out}: ${labels.length} labelled question(s)`);
    }
  } finally {
    await db.destroy();
  }
  return 0;
}
