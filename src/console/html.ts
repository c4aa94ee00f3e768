/** Markup that is already safe to send (built by `html` or from trusted constants). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Part = Html | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeHtml(String(part));
}

/**
 * Every page is written with this tag: interpolated values are escaped (names, addresses, questions come
 * from residents), nested `html` fragments and arrays of them are kept as they are.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

export const raw = (trusted: string): Html => new Html(trusted);

/** A translated sentence with a chat command in it ("envoyez /console au bot"): the command shown as code. */
export function withCode(text: string, code: string): Html {
  return new Html(
    text
      .split(code)
      .map(escapeHtml)
      .join(`<code>${escapeHtml(code)}</code>`),
  );
}
