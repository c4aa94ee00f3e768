import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Document } from '@langchain/core/documents';
import type { SourceMetadata } from './loaders.js';

export interface Chunk {
  text: string;
  heading: string | null;
  page: number | null;
  position: number;
}

const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: 900,
  chunkOverlap: 150,
  separators: ['\n\n', '\n', '. ', ' ', ''],
});

/** Splits Markdown into sections under their nearest heading, then each section into overlapping chunks. */
export async function chunkDocuments(docs: Document<SourceMetadata>[]): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const doc of docs) {
    const sections =
      doc.metadata.format === 'pdf' ? [{ heading: null, text: doc.pageContent }] : sectionsOf(doc.pageContent);
    for (const section of sections) {
      const body = section.text.trim();
      if (!body) continue;
      for (const piece of await splitter.splitText(body)) {
        chunks.push({
          text: piece.trim(),
          heading: section.heading,
          page: doc.metadata.page ?? null,
          position: chunks.length,
        });
      }
    }
  }
  return chunks;
}

function sectionsOf(markdown: string): { heading: string | null; text: string }[] {
  const sections: { heading: string | null; text: string }[] = [];
  let current = { heading: null as string | null, lines: [] as string[] };
  for (const line of markdown.split('\n')) {
    const h = /^(#{1,6})\s+(.+)$/.exec(line);
    if (h) {
      if (current.lines.join('').trim()) sections.push({ heading: current.heading, text: current.lines.join('\n') });
      current = { heading: h[2]!.replace(/[*_`]/g, '').trim(), lines: [] };
    } else {
      current.lines.push(line);
    }
  }
  if (current.lines.join('').trim()) sections.push({ heading: current.heading, text: current.lines.join('\n') });
  // A tiny section (a subtitle, a one-line notice) is not worth a chunk of its own: it joins the next one.
  const merged: typeof sections = [];
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    const next = sections[i + 1];
    if (s.text.trim().length < 120 && next) next.text = `${s.text.trim()}\n\n${next.text}`;
    else merged.push(s);
  }
  return merged;
}
