/**
 * A small CSV reader for the City's exports: ';' (or ',') separated, UTF-8 with a BOM, fields quoted with '"'
 * when they hold the separator, quotes ("" inside) or line breaks. No dependency: the format is that simple.
 */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const sep = count(firstLine, ';') >= count(firstLine, ',') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw new CsvError('unclosed_quote');
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

export class CsvError extends Error {
  constructor(readonly code: 'unclosed_quote') {
    super(`CSV: ${code}`);
  }
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}
