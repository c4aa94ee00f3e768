import type { FormField } from '../flows/engine.js';
import type { Translate } from '../i18n/translator.js';
import { type Html, html } from './html.js';
import { csrfField } from './layout.js';

/**
 * A chat flow shown as one HTML form, from the same fields a Slack modal gets (`FlowEngine.formFields`): the
 * answers are then checked by the flow's own steps (`submitForm`), so the console follows the chat's rules.
 */
export function flowForm(o: {
  t: Translate;
  action: string;
  fields: FormField[];
  values?: Record<string, string>;
  errors?: Record<string, string>;
  csrf: string;
  submit: string;
  /** Prefix of the fields' ids, when one page holds several forms of the same flow. */
  prefix?: string;
}): Html {
  const values = o.values ?? {};
  const errors = o.errors ?? {};
  const field = (f: FormField) => {
    const id = `${o.prefix ?? 'f'}-${f.id}`;
    const error = errors[f.id];
    const described = error ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
    const hint = error ? html`<small id="${id}-error">${error}</small>` : '';
    const label = f.optional ? o.t('console.forms.optional', { label: f.label }) : f.label;
    if (f.kind === 'choice') {
      const current = values[f.id] ?? (f.optional ? '' : f.options[0]?.value);
      return html`<label for="${id}">${label}</label>
<select id="${id}" name="${f.id}"${described}>
${f.optional ? html`<option value="">—</option>` : ''}
${f.options.map(
  (opt) => html`<option value="${opt.value}"${opt.value === current ? ' selected' : ''}>${opt.label}</option>`,
)}
</select>${hint}`;
    }
    const value = values[f.id] ?? f.initial ?? '';
    const suggestions = f.options.length
      ? html`<small id="${id}-hint">${o.t('console.forms.example', {
          examples: f.options.map((s) => s.label).join(', '),
        })}</small>`
      : '';
    const long = f.id.toLowerCase().includes('text');
    return html`<label for="${id}">${label}</label>
${
  long
    ? html`<textarea id="${id}" name="${f.id}" rows="4"${described}>${value}</textarea>`
    : html`<input id="${id}" name="${f.id}" value="${value}"${described}${
        f.options.length && !error ? html` aria-describedby="${id}-hint"` : ''
      }>`
}${hint}${suggestions}`;
  };
  return html`<form method="post" action="${o.action}">${csrfField(o.csrf)}
${o.fields.map(field)}
<button type="submit">${o.submit}</button>
</form>`;
}

/** The same answers again, hidden, under a preview: confirming re-submits them and they are checked again. */
export function hiddenFields(values: Record<string, string>): Html {
  return html`${Object.entries(values)
    .filter(([k]) => k !== '_csrf')
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
}
