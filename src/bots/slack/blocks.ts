import type { KnownBlock, View } from '@slack/types';
import type { OverviewSection, Reply, ReplyOption } from '../../core/messages.js';
import { splitLongText } from '../outbound.js';
import type { FormField } from '../../flows/engine.js';
import type { Translate } from '../../i18n/translator.js';

/** Every button of ours carries this action_id prefix; its value is the core's option value. */
export const ACTION_PREFIX = 'relais_';
/** callback_id of the modals: `relais_form:<flowId>` and `relais_confirm:<flowId>`. */
export const FORM_CALLBACK = 'relais_form:';
export const CONFIRM_CALLBACK = 'relais_confirm:';

/** Slack's mrkdwn treats &, < and > as markup: escape them so texts are shown as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Texts go as plain_text: what a person typed (an address, a question) or a document holds is shown as
 * written — no *bold*, _italics_, ~strike~, links or <!channel> mentions can be slipped in through it.
 */
const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'plain_text', text: text.slice(0, 3000) || ' ', emoji: true },
});

/** The notification text (also read by Slack for mentions): &, < and > escaped so <!channel> stays text. */
const fallback = (text: string) => escapeMrkdwn(text).slice(0, 3000);

function buttons(options: ReplyOption[], idPrefix = ''): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  // An actions block holds at most 25 elements.
  for (let i = 0; i < options.length; i += 25) {
    blocks.push({
      type: 'actions',
      elements: options.slice(i, i + 25).map((o, j) => ({
        type: 'button' as const,
        action_id: `${ACTION_PREFIX}${idPrefix}${i + j}`,
        text: { type: 'plain_text' as const, text: o.label.slice(0, 75), emoji: true },
        value: o.value,
      })),
    });
  }
  return blocks;
}

/** A core reply as a Slack message: the text (also the notification fallback) and its buttons. */
export function messageOf(reply: Reply): { text: string; blocks: KnownBlock[] } {
  // Slack: a section holds 3,000 characters and a message 50 blocks; longer texts go in several sections.
  const parts = splitLongText(reply.text, 3000).slice(0, 40);
  return { text: fallback(reply.text), blocks: [...parts.map(section), ...buttons(reply.options ?? []).slice(0, 10)] };
}

/** The message after a button was pressed: what was chosen, no buttons left (it cannot be answered twice). */
export function answeredMessage(text: string, chosen: string | undefined): { text: string; blocks: KnownBlock[] } {
  const shown = chosen ? `${text}\n\n→ ${chosen}` : text;
  return { text: fallback(shown), blocks: splitLongText(shown, 3000).slice(0, 40).map(section) };
}

/** The App Home tab. */
export function homeView(sections: OverviewSection[]): View {
  const blocks: KnownBlock[] = [];
  sections.forEach((s, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(
      s.text ? { type: 'header', text: { type: 'plain_text', text: s.title.slice(0, 150) } } : section(s.title),
    );
    if (s.text) blocks.push(section(s.text));
    blocks.push(...buttons(s.options ?? [], `home${i}_`));
  });
  return { type: 'home', blocks };
}

/** A flow's steps as modal inputs; choices become selects, text steps text inputs. */
export function formView(flowId: string, title: string, fields: FormField[], t: Translate): View {
  const blocks: KnownBlock[] = fields.map((f) => ({
    type: 'input',
    block_id: f.id,
    optional: f.optional,
    label: { type: 'plain_text', text: f.label.slice(0, 2000) },
    ...(f.optional ? { hint: { type: 'plain_text' as const, text: t('slack.optional') } } : {}),
    element:
      f.kind === 'choice'
        ? {
            type: 'static_select' as const,
            action_id: 'value',
            options: f.options
              .slice(0, 100)
              .map((o) => ({ text: { type: 'plain_text' as const, text: o.label.slice(0, 75) }, value: o.value })),
            ...(f.options.length === 1
              ? {
                  initial_option: {
                    text: { type: 'plain_text' as const, text: f.options[0]!.label.slice(0, 75) },
                    value: f.options[0]!.value,
                  },
                }
              : {}),
          }
        : {
            type: 'plain_text_input' as const,
            action_id: 'value',
            multiline: f.optional,
            ...(f.initial ? { initial_value: f.initial } : {}),
          },
  }));
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK}${flowId}`,
    title: { type: 'plain_text', text: title.slice(0, 24) },
    submit: { type: 'plain_text', text: t('slack.next') },
    close: { type: 'plain_text', text: t('slack.close') },
    blocks,
  };
}

/** The second view: the preview with the exact recipients; submitting it confirms. */
export function confirmView(flowId: string, title: string, preview: string, answers: unknown, t: Translate): View {
  return {
    type: 'modal',
    callback_id: `${CONFIRM_CALLBACK}${flowId}`,
    title: { type: 'plain_text', text: title.slice(0, 24) },
    submit: { type: 'plain_text', text: t('slack.send') },
    close: { type: 'plain_text', text: t('slack.close') },
    private_metadata: JSON.stringify(answers),
    blocks: [section(preview)],
  };
}

/** Values of a submitted modal, by block id. */
export function formValues(state: {
  values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;
}): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [blockId, actions] of Object.entries(state.values)) {
    const v = actions.value;
    out[blockId] = v?.selected_option?.value ?? v?.value ?? undefined;
  }
  return out;
}
