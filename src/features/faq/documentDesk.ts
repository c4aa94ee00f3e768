import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { AppContext } from '../../context.js';
import type { FlowEnv } from '../../flows/types.js';
import type { Person } from '../../storage/people.js';
import { DocumentTooBig, MAX_DOCUMENT_BYTES, type InboundEvent, type Reply } from '../../core/messages.js';
import { foldText } from '../../i18n/folding.js';
import { GENERAL_SCOPE } from '../../knowledge/knowledgeBase.js';
import { SUPPORTED_EXTENSIONS } from '../../knowledge/loaders.js';

/** Eco-managers add documents to the FAQ by sending them to the bot; the caption names the quartier. */
export class KnowledgeDesk {
  constructor(private readonly ctx: Pick<AppContext, 'audit' | 'config' | 'knowledge'>) {}

  async receive(person: Person, env: FlowEnv, event: InboundEvent): Promise<Reply[]> {
    const doc = event.document;
    if (!doc || !env.managedQuartiers.length) return [{ text: env.t('guard.media') }];
    const ext = extname(doc.fileName).toLowerCase();
    if (!SUPPORTED_EXTENSIONS.includes(ext)) return [{ text: env.t('docs.unsupported') }];
    if (doc.size && doc.size > MAX_DOCUMENT_BYTES) return [{ text: env.t('docs.tooBig') }];
    const scope = this.scopeOf(event.text ?? '', env);
    if (!scope) {
      const choices = [
        ...env.managedQuartiers.map((q) => env.quartiers.find((x) => x.id === q)?.name ?? q),
        env.t('docs.general'),
      ];
      return [{ text: env.t('docs.whichScope', { choices: choices.join(', ') }) }];
    }
    const name =
      doc.fileName
        .replace(/[/\\]/g, '-')
        .replace(/[^\p{L}\p{N}._-]+/gu, '-')
        .slice(-120) || `document${ext}`;
    const dir = resolve(this.ctx.config.knowledge.dir, scope);
    const path = join(dir, name);
    let content: Buffer;
    try {
      content = await doc.download();
    } catch (err) {
      if (err instanceof DocumentTooBig) return [{ text: env.t('docs.tooBig') }];
      throw err;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, content);
    const report = await this.ctx.knowledge.ingest([this.ctx.config.knowledge.dir]);
    const refused = report.quarantined.find((q) => q.path === path);
    if (refused) {
      await this.ctx.audit.record(person.id, 'knowledge.quarantine', { file: name, scope, reason: refused.reason });
      return [{ text: env.t('docs.quarantined', { file: name, reason: env.t(`docs.refusal.${refused.reason}`) }) }];
    }
    if (report.skipped.includes(path)) {
      rmSync(path, { force: true });
      return [{ text: env.t('docs.unreadable') }];
    }
    await this.ctx.audit.record(person.id, 'knowledge.upload', { file: name, scope });
    const where =
      scope === GENERAL_SCOPE ? env.t('docs.general') : (env.quartiers.find((q) => q.id === scope)?.name ?? scope);
    const replies: Reply[] = [
      { text: env.t(report.updated.includes(path) ? 'docs.updated' : 'docs.added', { file: name, where }) },
    ];
    const removed = report.suspicious.filter((s) => s.startsWith(path));
    if (removed.length) replies.push({ text: env.t('docs.suspicious', { count: removed.length }) });
    return replies;
  }

  /** "Rosa Parks", "rosa-parks", "général"… in the caption; the only quartier when there is one. */
  private scopeOf(caption: string, env: FlowEnv): string | undefined {
    const c = foldText(caption);
    if (/\b(general|generale|tous|all)\b/.test(c)) return GENERAL_SCOPE;
    const named = env.managedQuartiers.find(
      (id) => c.includes(foldText(id)) || c.includes(foldText(env.quartiers.find((q) => q.id === id)?.name ?? id)),
    );
    if (named) return named;
    return env.managedQuartiers.length === 1 && !c ? env.managedQuartiers[0] : undefined;
  }
}
