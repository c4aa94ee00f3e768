import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Document } from '@langchain/core/documents';
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import TurndownService from 'turndown';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';

/** Metadata every loaded document carries; chunks add heading, page and position. */
export interface SourceMetadata {
  file: string;
  title: string;
  page?: number;
  format: 'md' | 'pdf' | 'docx' | 'html';
}

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.pdf', '.docx', '.html', '.htm'];

const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-' });
turndown.remove(['script', 'style', 'nav', 'footer']);

/** First Markdown heading, else the first line: what the citation shows. */
function titleOf(markdown: string, fallback: string): string {
  const heading = /^#{1,3}\s+(.+)$/m.exec(markdown)?.[1];
  const first = markdown.split('\n').find((l) => l.trim().length > 0);
  return (heading ?? first ?? fallback).replace(/[*_`]/g, '').trim().slice(0, 160);
}

/**
 * One LangChain loader for the four formats. Markdown, HTML and DOCX become Markdown (headings kept, for
 * citations and heading-aware splitting); a PDF becomes one Document per page (page numbers kept).
 */
export class QuartierFileLoader extends BaseDocumentLoader {
  constructor(private readonly path: string) {
    super();
  }

  async load(): Promise<Document<SourceMetadata>[]> {
    const file = basename(this.path);
    const ext = extname(this.path).toLowerCase();
    const data = await readFile(this.path);
    if (ext === '.pdf') {
      const parser = new PDFParse({ data: new Uint8Array(data) });
      try {
        const result = await parser.getText();
        const title = titleOf(result.pages[0]?.text ?? '', file);
        return result.pages
          .filter((p) => p.text.trim())
          .map((p) => new Document<SourceMetadata>({ pageContent: p.text, metadata: { file, title, page: p.num, format: 'pdf' } }));
      } finally {
        await parser.destroy();
      }
    }
    let markdown: string;
    let format: SourceMetadata['format'];
    if (ext === '.md' || ext === '.markdown') {
      markdown = data.toString('utf8');
      format = 'md';
    } else if (ext === '.html' || ext === '.htm') {
      const html = data.toString('utf8');
      const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
      markdown = turndown.turndown(body);
      format = 'html';
    } else if (ext === '.docx') {
      const { value } = await mammoth.convertToHtml({ buffer: data });
      markdown = turndown.turndown(value);
      format = 'docx';
    } else {
      throw new Error(`Unsupported document format: ${file}`);
    }
    return [new Document<SourceMetadata>({ pageContent: markdown, metadata: { file, title: titleOf(markdown, file), format } })];
  }
}
