import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { AppContext } from '../context.js';
import type { FlowEnv } from '../../flows/types.js';
import type { Person } from '../../storage/people.js';
import { DocumentTooBig, MAX_DOCUMENT_BYTES, type InboundEvent, type Reply } from '../../core/messages.js';
import { foldText } from '../../i18n/folding.js';
import type { DocumentRefused } from '../../knowledge/documentLimits.js';
import { GENERAL_SCOPE, QUARANTINE_DIR } from '../../knowledge/knowledgeBase.js';
import { SUPPORTED_EXTENSIONS } from '../../knowledge/loaders.js';

const REFUSALS: DocumentRefused['reason'][] = [
  'too-big-unzipped',
  'out-of-memory',
  'too-slow',
  'too-much-text',
  'unreadable',
];

/** A document set aside (quarantined) because it could not be read. */
export interface SetAside {
  scope: string;
  /** Its name in `.quarantine/<scope>/`. */
  stored: string;
  /** The name it was sent with. */
  file: string;
  at?: Date;
  /** Why, when it was sent from the chat or the console (the audit log says); else only the server's logs. */
  reason?: DocumentRefused['reason'];
}

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
    return this.add(person, env, doc, scope);
  }

  /**
   * Adds a document to a scope she may write to (her quartiers, or `general` from the chat): the same limits,
   * parsing in a worker thread within KB_* limits, quarantine and audit for the chat and the console.
   */
  async add(person: Person, env: FlowEnv, doc: NonNullable<InboundEvent['document']>, scope: string): Promise<Reply[]> {
    if (scope !== GENERAL_SCOPE && !env.managedQuartiers.includes(scope)) return [{ text: env.t('docs.notYours') }];
    const ext = extname(doc.fileName).toLowerCase();
    if (!SUPPORTED_EXTENSIONS.includes(ext)) return [{ text: env.t('docs.unsupported') }];
    if (doc.size && doc.size > MAX_DOCUMENT_BYTES) return [{ text: env.t('docs.tooBig') }];
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

  /** Her quartiers' documents that could not be read, set aside in `.quarantine/<scope>/`, with why. */
  async setAside(scopes: string[]): Promise<SetAside[]> {
    const reasons = await this.ctx.audit.list('knowledge.quarantine');
    const out: SetAside[] = [];
    for (const scope of scopes) {
      const dir = resolve(this.ctx.config.knowledge.dir, QUARANTINE_DIR, scope);
      const names = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : [];
      for (const entry of names.filter((e) => e.isFile())) {
        // Named `<ms>-<file>` when set aside (knowledgeBase.ts).
        const [, ms, file] = /^(\d+)-(.+)$/.exec(entry.name) ?? [undefined, undefined, entry.name];
        const seen = reasons.filter((r) => r.details.file === file && r.details.scope === scope).at(-1);
        const reason = REFUSALS.find((x) => x === seen?.details.reason);
        out.push({ scope, stored: entry.name, file: file!, at: ms ? new Date(Number(ms)) : undefined, reason });
      }
    }
    return out.sort((a, b) => a.file.localeCompare(b.file, 'fr'));
  }

  /** Removes a document of one of her quartiers: its file, then its passages (the answers stop using it). */
  async remove(person: Person, env: FlowEnv, documentId: string): Promise<Reply[]> {
    const doc = (await this.ctx.knowledge.documents(env.managedQuartiers)).find((d) => d.id === documentId);
    if (!doc || !this.inside(doc.path)) return [{ text: env.t('docs.gone') }];
    rmSync(doc.path, { force: true });
    await this.ctx.knowledge.remove(doc.path);
    await this.ctx.audit.record(person.id, 'knowledge.remove', { file: doc.file, scope: doc.scope });
    return [{ text: env.t('docs.removed', { file: doc.file }) }];
  }

  /** Removes a set-aside file of one of her quartiers (it has no passages). */
  async removeSetAside(person: Person, env: FlowEnv, scope: string, stored: string): Promise<Reply[]> {
    const path = resolve(this.ctx.config.knowledge.dir, QUARANTINE_DIR, scope, stored);
    const ok = env.managedQuartiers.includes(scope) && basename(stored) === stored && !stored.startsWith('.');
    if (!ok || !existsSync(path)) return [{ text: env.t('docs.gone') }];
    rmSync(path, { force: true });
    const file = stored.replace(/^\d+-/, '');
    await this.ctx.audit.record(person.id, 'knowledge.remove', { file, scope, setAside: true });
    return [{ text: env.t('docs.removed', { file }) }];
  }

  /** A stored path is under the knowledge folder (never follow a row elsewhere). */
  private inside(path: string): boolean {
    return resolve(path).startsWith(`${resolve(this.ctx.config.knowledge.dir)}${sep}`);
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
