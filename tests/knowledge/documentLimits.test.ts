import { deflateRawSync, crc32 } from 'node:zlib';
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, texts } from '../support/context.js';
import { declaredUnzippedBytes } from '../../src/knowledge/documentLimits.js';
import { copyCorpus } from '../support/corpus.js';

/** A zip file written by hand, so that a test can make it lie about its sizes as an attacker would. */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data, { level: 9 });
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CONTENT_TYPES = [
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
  '<Default Extension="xml" ContentType="application/xml"/>',
  '<Override PartName="/word/document.xml" ',
  'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
  '</Types>',
].join('');
const RELS = [
  '<?xml version="1.0"?>',
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">',
  '<Relationship Id="r1" Target="word/document.xml" ',
  'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>',
  '</Relationships>',
].join('');
const docx = (body: Buffer, declaredSize?: number) =>
  zip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(RELS) },
    { name: 'word/document.xml', data: body, declaredSize },
  ]);
/** A document.xml that is mostly one huge paragraph of the same letter: compresses a thousandfold. */
const bombBody = (mb: number) =>
  Buffer.concat([
    Buffer.from(
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>',
    ),
    Buffer.alloc(mb * 1024 * 1024, 'a'),
    Buffer.from('</w:t></w:r></w:p></w:body></w:document>'),
  ]);

describe('documents that would exhaust the bot: zip bombs, lies about sizes, parsers that never end', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let dir: string;
  beforeAll(async () => {
    app = await createTestApp('sqlite', {
      KB_MAX_UNZIPPED_MB: '10',
      KB_PARSE_MEMORY_MB: '192',
      KB_MAX_TEXT_CHARS: '2000000',
    });
    dir = mkdtempSync(join(tmpdir(), 'relais-bombs-'));
    cpSync('knowledge', dir, { recursive: true });
  });
  afterAll(() => app.close());

  it('reads the zip directory before unpacking anything', () => {
    expect(declaredUnzippedBytes(docx(bombBody(30)))).toBeGreaterThan(30 * 1024 * 1024);
  });

  it('a DOCX unpacking to 60 MB is refused and set aside; the other documents are read; the next ingest does not see it', async () => {
    const bomb = docx(bombBody(60));
    expect(bomb.length).toBeLessThan(200_000); // a small file…
    writeFileSync(join(dir, 'general', 'bombe.docx'), bomb);
    const report = await app.ctx.knowledge.ingest([dir]);
    expect(report.quarantined).toEqual([expect.objectContaining({ reason: 'too-big-unzipped' })]);
    expect(existsSync(join(dir, 'general', 'bombe.docx'))).toBe(false);
    expect(readdirSync(join(dir, '.quarantine', 'general')).some((f) => f.endsWith('bombe.docx'))).toBe(true);
    expect(report.added.length).toBeGreaterThan(3);
    const again = await app.ctx.knowledge.ingest([dir]);
    expect(again.quarantined).toEqual([]);
    expect(again.skipped.filter((s) => s.includes('quarantine'))).toEqual([]);
  });

  it(
    'a DOCX that declares 1 KB and unpacks to 150 MB is refused ' +
      'in its own thread, never in the bot, which keeps answering',
    async () => {
      writeFileSync(join(dir, 'general', 'menteur.docx'), docx(bombBody(150), 1024));
      const report = await app.ctx.knowledge.ingest([dir]);
      expect(report.quarantined.map((q) => q.reason)).toEqual([
        expect.stringMatching(/out-of-memory|too-much-text|unreadable/),
      ]);
      expect(texts(await app.person('resident').say("c'est quoi un DTG ?"))).toMatch(/diagnostic technique global/i);
    },
  );
});

describe('a parser that takes too long', () => {
  it('is stopped at the time limit and its document set aside', async () => {
    const app = await createTestApp('sqlite', { KB_PARSE_TIMEOUT_SECONDS: '0.001' });
    try {
      const report = await app.ctx.knowledge.ingest([copyCorpus()]);
      // PDF, DOCX and HTML go through the parsing thread and time out; Markdown is read as it is.
      expect(report.quarantined.length).toBeGreaterThan(3);
      expect(report.quarantined.every((q) => q.reason === 'too-slow' && !q.path.endsWith('.md'))).toBe(true);
      expect(report.added.length).toBeGreaterThan(3);
    } finally {
      await app.close();
    }
  });
});
