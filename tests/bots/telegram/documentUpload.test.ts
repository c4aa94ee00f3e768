import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSpace, type TestSpace } from '../../support/env.js';
import { startTelegramStandIn } from '../../support/telegramStandIn.js';
import { ProductProcess } from '../../support/product.js';
import { EVAL_CORPUS } from '../../support/corpus.js';

const TOKEN = '888:DOCS-token';

describe('an eco-manager sends a document to the bot on Telegram', () => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  let knowledgeDir: string;

  beforeAll(async () => {
    standIn = await startTelegramStandIn();
    space = await createTestSpace('sqlite');
    knowledgeDir = mkdtempSync(join(tmpdir(), 'relais-knowledge-'));
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
      KNOWLEDGE_DIR: knowledgeDir,
      ECO_MANAGERS: 'telegram:3001:rosa-parks+bas-belleville',
    });
    await product.waitForLog(/telegram long polling started/);
    standIn.addFile(
      'doc-1',
      'rosa-parks-autoconsommation-collective.docx',
      readFileSync(join(EVAL_CORPUS, 'rosa-parks/rosa-parks-autoconsommation-collective.docx')),
    );
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await standIn?.close();
    await space?.cleanup();
    rmSync(knowledgeDir, { recursive: true, force: true });
  });

  const sendDocument = (user: ReturnType<typeof standIn.user>, caption: string) =>
    user.sendRaw({
      document: {
        file_id: 'doc-1',
        file_unique_id: 'u1',
        file_name: 'rosa-parks-autoconsommation-collective.docx',
        file_size: 11_000,
      },
      caption,
    });

  it('asks which quartier when it is ambiguous, then adds it and answers from it at once', async () => {
    const manager = standIn.user(TOKEN, 3001);
    await sendDocument(manager, '');
    await manager.expect(
      /Pour quel quartier est ce document \? Renvoyez-le avec en légende l'un de : Rosa Parks, Bas-Belleville, général/,
    );
    await sendDocument(manager, 'Rosa Parks');
    await manager.expect(/Document « rosa-parks-autoconsommation-collective\.docx » ajouté pour Rosa Parks/);
    expect(existsSync(join(knowledgeDir, 'rosa-parks', 'rosa-parks-autoconsommation-collective.docx'))).toBe(true);

    const resident = standIn.user(TOKEN, 1020);
    await resident.send("C'est quoi l'autoconsommation collective ?");
    // A confident answer or "what the documents say": either way from the new document, with its source.
    const answer = await resident.expect(/D'après les documents du quartier|Voici ce que disent les documents/);
    expect(answer.text).toMatch(/autoconsommation collective/i);
    expect(answer.text).toMatch(/(Source : |» — ).*[Aa]utoconsommation/);
  });

  it('a file that declares 11 KB but weighs 21 MB is refused as too heavy; nothing is stored', async () => {
    standIn.addFile('doc-big', 'rapport-menteur.pdf', Buffer.alloc(21 * 1024 * 1024, 'x'));
    const manager = standIn.user(TOKEN, 3001);
    await manager.sendRaw({
      document: { file_id: 'doc-big', file_unique_id: 'u2', file_name: 'rapport-menteur.pdf', file_size: 11_000 },
      caption: 'Rosa Parks',
    });
    await manager.expect(/Ce document est trop lourd \(20 Mo au plus\)/);
    expect(existsSync(join(knowledgeDir, 'rosa-parks', 'rapport-menteur.pdf'))).toBe(false);
  });

  it('a resident cannot add documents: polite answer, nothing downloaded or stored', async () => {
    const before = standIn.calls.filter((c) => c.method === 'getFile').length;
    const resident = standIn.user(TOKEN, 1021);
    await sendDocument(resident, 'Rosa Parks');
    await resident.expect(/Je ne lis que les messages écrits/);
    expect(standIn.calls.filter((c) => c.method === 'getFile').length).toBe(before);
  });
});
