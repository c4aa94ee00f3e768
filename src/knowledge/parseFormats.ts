import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';

/**
 * Reading each format into text, with nothing else: what the parsing thread loads. The libraries are
 * imported only for the format at hand (pdf.js alone takes a second to load).
 */

/** Metadata every loaded document carries; chunks add heading, page and position. */
export interface SourceMetadata {
  file: string;
  title: string;
  page?: number;
  format: 'md' | 'pdf' | 'docx' | 'html';
}

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.pdf', '.docx', '.html', '.htm'];

/** First Markdown heading, else the first line: what the citation shows. */
function titleOf(markdown: string, fallback: string): string {
  const heading = /^#{1,3}\s+(.+)$/m.exec(markdown)?.[1];
  const first = markdown.split('\n').find((l) => l.trim().length > 0);
  return (heading ?? first ?? fallback).replace(/[*_`]/g, '').trim().slice(0, 160);
}

async function toMarkdown(html: string): Promise<string> {
  const { default: TurndownService } = await import('turndown');
  const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-' });
  turndown.remove(['script', 'style', 'nav', 'footer']);
  return turndown.turndown(html);
}

/** A file as pages of text with their metadata (one page for everything but PDF). */
export async function readPages(path: string): Promise<{ pageContent: string; metadata: SourceMetadata }[]> {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  const data = await readFile(path);
  if (ext === '.pdf') {
    // unpdf (pdf.js's serverless build): text per page with its line breaks, in a few MB where pdf-parse's full
    // pdf.js took ~200 MB of heap in the parsing thread.
    const { extractText, getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(data));
    try {
      const { text } = await extractText(pdf, { mergePages: false });
      const title = titleOf(text[0] ?? '', file);
      return text
        .map((pageText, i) => ({ pageText, num: i + 1 }))
        .filter((p) => p.pageText.trim())
        .map((p) => ({ pageContent: p.pageText, metadata: { file, title, page: p.num, format: 'pdf' as const } }));
    } finally {
      await pdf.loadingTask.destroy();
    }
  }
  let markdown: string;
  let format: SourceMetadata['format'];
  if (ext === '.md' || ext === '.markdown') {
    markdown = data.toString('utf8');
    format = 'md';
  } else if (ext === '.html' || ext === '.htm') {
    const html = data.toString('utf8');
    markdown = await toMarkdown(/<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html);
    format = 'html';
  } else if (ext === '.docx') {
    const { default: mammoth } = await import('mammoth');
    // Images would come back as base64 inside the text: they answer no question, so they are left out.
    const { value } = await mammoth.convertToHtml(
      { buffer: data },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    markdown = await toMarkdown(value);
    format = 'docx';
  } else {
    throw new Error(`Unsupported document format: ${file}`);
  }
  return [{ pageContent: markdown, metadata: { file, title: titleOf(markdown, file), format } }];
}
