import 'dotenv/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { openDatabase, DatabaseUnreachable } from './storage/database.js';
import { KnowledgeStore } from './storage/knowledgeStore.js';
import { createKnowledgeBase } from './knowledge/index.js';
import { plainWords } from './knowledge/analyzer.js';
import { readQuestions, scoreAnswer, totals, type QuestionResult } from './knowledge/evaluation.js';
import { evaluateEmergencies } from './knowledge/emergencyEval.js';
import { translator } from './i18n/translator.js';
import { renderAnswer } from './knowledge/render.js';
import { buildContext } from './app.js';
import { RedisUnreachable } from './jobs/redis.js';
import { EmbeddedRedisFailed, RedisNotInstalled } from './jobs/embeddedRedis.js';
import { Duration } from 'luxon';
import { formatParis, parseParisDateTime } from './domain/parisTime.js';
import { cancelMeeting, moveMeeting } from './features/meetings/meetingFlows.js';
import { durationAnswer } from './features/meetings/meetingAnswers.js';
import { systemClock } from './clock.js';
import { posterCommand } from './features/posters/posterCli.js';
import { registryExportCommand } from './features/network/registryCli.js';
import { faqCommand } from './features/faq/labelExport.js';
import { trainCommand } from './knowledge/trainCli.js';
import { checkVigilance, VigilanceUnavailable } from './features/heat-alerts/vigilance.js';
import { FEATURE_CLI, FEATURE_CONFIGS, FEATURE_MIGRATIONS } from './features/index.js';

const USAGE = `Usage:
  npm run cli -- ingest <folder>...                 add or refresh the quartiers' documents
  npm run cli -- ask [--quartier ID] [--json] "question"
  npm run eval:faq -- --corpus <folder> --questions <file.jsonl> [--json]
  npm run eval:faq -- --corpus <folder> --emergencies <file.jsonl> [--json]
  npm run train:faq [-- --corpus <folder> --questions a.jsonl,b.jsonl] [--report held-out.jsonl]
                                                    retrain the answer model (--with labels.jsonl: and those)
  npm run cli -- faq export-labels [--out FILE.jsonl]  questions answered, set aside or marked "Pas utile"
  npm run cli -- meeting create --kind <info|balade|visite|atelier|ag|dtg> --title T --quartier ID --place P
                                --start "25/06 18:30" --duration 1h30 [--capacity N]
                                [--invite all|supported|volunteer|relay|none]
                                [--street "rue …"] [--reminders P2D,PT2H]
  npm run cli -- meeting list [--quartier ID]
  npm run cli -- vigilance check                    read Météo-France's map now (drafts on a rise)
  npm run cli -- poster --quartier ID [--building "12 rue …"] --out FILE.pdf
  npm run cli -- export --quartier ID --out FILE.csv   the mairie's registry (REGISTRY_EXPORT=on)
  npm run cli -- meeting move <id> --start "26/06 18:30" [--duration 1h30]
  npm run cli -- meeting cancel <id>
${FEATURE_CLI.map((c) => c.usage).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig(process.env, FEATURE_CONFIGS);
  const logger = createLogger(config.logLevel);
  const own = FEATURE_CLI.find((c) => c.word === command);
  const openDb = () => openDatabase(config.database, { features: FEATURE_MIGRATIONS });
  if (own) return own.run(rest, { config, openDb });
  if (command === 'ingest') {
    if (!rest.length) throw new ConfigError(USAGE);
    const db = await openDatabase(config.database);
    try {
      const kb = createKnowledgeBase(new KnowledgeStore(db, systemClock), config, logger);
      const r = await kb.ingest(rest);
      console.log(
        `added ${r.added.length}, updated ${r.updated.length}, unchanged ${r.unchanged.length}, ` +
          `removed ${r.removed.length}, skipped ${r.skipped.length}; ${r.chunks} new chunks`,
      );
      for (const s of r.skipped) console.log(`skipped: ${s}`);
      for (const s of r.suspicious) console.log(`removed (instructions to the assistant): ${s}`);
    } finally {
      await db.destroy();
    }
    return 0;
  }
  if (command === 'ask') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { quartier: { type: 'string' }, json: { type: 'boolean' }, lang: { type: 'string' } },
    });
    const question = positionals.join(' ').trim();
    if (!question) throw new ConfigError(USAGE);
    if (values.quartier && !config.quartiers.some((q) => q.id === values.quartier))
      throw new ConfigError(`Unknown quartier "${values.quartier}"`);
    const db = await openDatabase(config.database);
    try {
      const kb = createKnowledgeBase(new KnowledgeStore(db, systemClock), config, logger);
      const answer = await kb.ask(question, { quartier: values.quartier });
      const quartier = config.quartiers.find((q) => q.id === values.quartier);
      const contact = quartier?.contact ?? config.quartiers.map((q) => q.contact).join(', ');
      const shown = renderAnswer(answer, translator(values.lang === 'en' ? 'en' : 'fr'), contact);
      const sources = answer.sources.map(({ file, title, score }) => ({ file, title, score }));
      const { tier, text, abstained } = answer;
      console.log(values.json ? JSON.stringify({ tier, shown, answer: text, abstained, sources }) : shown);
    } finally {
      await db.destroy();
    }
    return 0;
  }
  if (command === 'eval') return evaluate(rest, config, logger);
  if (command === 'train') return trainCommand(rest, config, logger);
  if (command === 'meeting') return meetingCommand(rest, config, logger);
  if (command === 'poster') return posterCommand(rest, config);
  if (command === 'export') return registryExportCommand(rest, config);
  if (command === 'faq') return faqCommand(rest, config);
  if (command === 'vigilance' && rest[0] === 'check') {
    // Drafts go through the delivery queue: the running product's workers send them.
    const ctx = await buildContext(config, { logger });
    try {
      const { periods, drafted } = await checkVigilance(ctx);
      for (const p of periods) console.log(`${p.echeance}: colour ${p.colour} (${p.begin.toISOString()})`);
      console.log(
        drafted ? `drafted ${drafted.level} for ${drafted.managers} eco-manager(s)` : 'no rise: nothing drafted',
      );
    } finally {
      await ctx.close();
    }
    return 0;
  }
  console.error(USAGE);
  return 2;
}

/**
 * Meetings from the command line, for eco-managers who prefer a terminal. The answers go through the
 * /evenement flow's own validation; the running product's workers send invitations and reminders.
 */
async function meetingCommand(
  args: string[],
  config: Config,
  logger: ReturnType<typeof createLogger>,
): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: Object.fromEntries(
      ['kind', 'title', 'quartier', 'place', 'start', 'duration', 'capacity', 'invite', 'street', 'reminders'].map(
        (k) => [k, { type: 'string' as const }],
      ),
    ),
  });
  const reminders = values.reminders ? values.reminders.split(',') : config.meetingReminders;
  if (reminders.some((r) => !Duration.fromISO(r).isValid))
    throw new ConfigError(`--reminders: ISO-8601 durations, e.g. P2D,PT2H`);
  const ctx = await buildContext({ ...config, meetingReminders: reminders }, { logger });
  const env = {
    personId: 'cli',
    lang: 'fr' as const,
    t: translator('fr'),
    quartiers: config.quartiers,
    managedQuartiers: config.quartiers.map((q) => q.id),
    now: systemClock,
  };
  const services = { meetings: ctx.meetings, meetingJobs: ctx.queues.meetings };
  try {
    if (action === 'create') {
      // --reminders already set the default above: the flow's own choice is "default".
      const raw = {
        ...values,
        capacity: values.capacity ?? 'none',
        invite: values.invite ?? 'all',
        street: values.street ?? 'all',
        reminders: 'default',
      } as Record<string, string | undefined>;
      const result = await ctx.flows.submitForm('meeting-create', env, raw);
      if ('errors' in result) {
        for (const [field, message] of Object.entries(result.errors)) console.error(`--${field}: ${message}`);
        return 2;
      }
      console.log(result.preview.text.replace(/\n\n[^\n]*\?$/, ''));
      const replies = await ctx.flows.completeForm('meeting-create', env, result.answers);
      console.log(replies.map((r) => r.text).join('\n'));
      return 0;
    }
    if (action === 'list') {
      const meetings = await ctx.meetings.ofQuartiers(values.quartier ? [values.quartier] : env.managedQuartiers, 100);
      for (const m of meetings) {
        const c = await ctx.meetings.counts(m.id);
        console.log(
          `${m.id}  ${formatParis(m.startsAt, 'fr')}  ${m.quartier}  ${m.status}  ${m.title}  ` +
            `(inscrits ${c.registered}${m.capacity ? `/${m.capacity}` : ''}, attente ${c.waiting})`,
        );
      }
      return 0;
    }
    const m = positionals[0] ? await ctx.meetings.get(positionals[0]) : undefined;
    if (!m) throw new ConfigError(`Unknown meeting "${positionals[0] ?? ''}" (see: npm run cli -- meeting list)`);
    if (action === 'move') {
      const start = values.start ? parseParisDateTime(values.start, systemClock()) : undefined;
      if (!start || start <= systemClock())
        throw new ConfigError('--start: a future date in Paris time, e.g. "26/06 18:30"');
      const parsed = values.duration
        ? durationAnswer.safeParse(values.duration)
        : { success: true as const, data: (m.endsAt.getTime() - m.startsAt.getTime()) / 60_000 };
      const duration = parsed.success ? parsed.data : NaN;
      if (!(duration > 0)) throw new ConfigError('--duration: e.g. 1h30');
      await moveMeeting(services, m.id, start, new Date(start.getTime() + duration * 60_000), 'cli');
      console.log(`moved to ${formatParis(start, 'fr')}; reminders rescheduled, participants told`);
      return 0;
    }
    if (action === 'cancel') {
      console.log(`cancelled; ${await cancelMeeting(services, m, 'cli')} participant(s) told, reminders removed`);
      return 0;
    }
    throw new ConfigError(USAGE);
  } finally {
    await ctx.close();
  }
}

/** Ingests the corpus into a fresh store, asks every question, prints the results and the totals. */
async function evaluate(args: string[], config: Config, logger: ReturnType<typeof createLogger>): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      corpus: { type: 'string' },
      questions: { type: 'string' },
      emergencies: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.corpus || !(values.questions || values.emergencies)) throw new ConfigError(USAGE);
  const questions = values.questions ? readQuestions(values.questions) : [];
  const dir = mkdtempSync(join(tmpdir(), 'relais-eval-'));
  const db = await openDatabase({ kind: 'sqlite', path: join(dir, 'eval.sqlite') });
  try {
    const store = new KnowledgeStore(db, systemClock);
    const evalConfig = { ...config, llm: undefined };
    const kb = createKnowledgeBase(store, evalConfig, logger);
    await kb.ingest([values.corpus]);
    // What the person is shown: the chat's own rendering, in French, with the first quartier's contact.
    const t = translator('fr');
    const contact = config.quartiers[0]?.contact ?? '';
    if (values.emergencies) return await evaluateEmergencies(kb, values.emergencies, t, contact, !!values.json);
    const baseline = createKnowledgeBase(store, evalConfig, logger, plainWords);
    const run = async (base: typeof kb, print: boolean) => {
      await base.currentIndex();
      const results: QuestionResult[] = [];
      for (const q of questions) {
        const started = performance.now();
        const answer = await base.ask(q.question, { quartier: q.quartier ?? undefined });
        const result = scoreAnswer(q, answer, performance.now() - started);
        results.push(result);
        if (!print) continue;
        if (values.json) {
          console.log(
            JSON.stringify({
              id: q.id,
              tier: answer.tier,
              shown: renderAnswer(answer, t, contact),
              answer: answer.text,
              abstained: answer.abstained,
              sources: answer.sources.map(({ file, title, score }) => ({ file, title, score })),
            }),
          );
        } else {
          const verdict = q.answerable
            ? `${result.hit3 ? 'hit' : 'MISS'} ${answer.tier} ${result.shown ? 'shown' : 'NOT SHOWN'}`
            : result.abstainedCorrectly
              ? `${answer.tier} (ok)`
              : 'ANSWERED (should abstain)';
          console.log(
            `${q.id} ${verdict} — ${answer.tier === 'none' ? '(nothing)' : answer.text.slice(0, 140)} ` +
              `[${answer.sources.map((s) => s.file).join(', ')}]`,
          );
        }
      }
      return totals(results);
    };
    const main = await run(kb, true);
    const base = await run(baseline, false);
    if (values.json) console.log(JSON.stringify({ totals: main, baseline: base }));
    else {
      console.log('\n                     relais   plain BM25');
      for (const key of Object.keys(main) as (keyof typeof main)[])
        console.log(`${key.padEnd(24)} ${String(main[key]).padStart(6)}   ${String(base[key]).padStart(6)}`);
    }
    return 0;
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    const explained = [ConfigError, DatabaseUnreachable, RedisUnreachable, RedisNotInstalled, EmbeddedRedisFailed];
    explained.push(VigilanceUnavailable);
    if (explained.some((kind) => err instanceof kind)) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
