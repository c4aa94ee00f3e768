const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Ý0-9«"(])/u;

/** Re-joins lines wrapped by the PDF/Markdown layout, then cuts paragraphs and list items into sentences. */
export function sentencesOf(text: string): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let inList = false; // items of a list introduced by "…:" stay with their introduction while it is short
  const flush = () => {
    if (current) paragraphs.push(current);
    current = '';
    inList = false;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) {
      if (!current.endsWith(':')) flush();
      continue;
    }
    const bullet = /^([-*•]|\d+[.)])\s+/;
    const isItem = bullet.test(line);
    if (isItem && (current.endsWith(':') || inList) && current.length + line.length < 400) {
      current = `${current} ${line.replace(bullet, '')}`;
      inList = true;
      continue;
    }
    if (inList) flush();
    const isHeading = /^#{1,6}\s/.test(line);
    if (isItem || isHeading || /[.!?]$/.test(current) || (/[;:]$/.test(current) && /^[A-ZÀ-Ý]/u.test(line))) {
      flush();
      current = line;
    } else {
      current = current ? `${current} ${line}` : line;
    }
  }
  flush();
  const parts = paragraphs
    .flatMap((p) => p.split(SENTENCE_SPLIT))
    .map((s) =>
      s
        .replace(/^([-*•]|#{1,6})\s+/, '')
        .replace(/[#*_`]/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s.length > 0);
  // Very short fragments belong to a neighbour: a label or a question ("Et les aides ?") to the next sentence,
  // a closing remark ("20 places.") to the one it ends.
  const merged: string[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.length < 30 && !/[.!]$/.test(last)) merged[merged.length - 1] = `${last} ${p}`;
    else if (last !== undefined && p.length < 30 && /[.!]$/.test(p)) merged[merged.length - 1] = `${last} ${p}`;
    else merged.push(p);
  }
  return merged.filter((s) => !/^Document d.exemple/i.test(s));
}
