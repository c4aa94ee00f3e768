import { meetingButtons } from '../features/meetings/buttons.js';
import { heatAlertButtons } from '../features/heat-alerts/buttons.js';
import { networkButtons } from '../features/network/buttons.js';
import { faqButtons } from '../features/faq/buttons.js';
import { commandButton } from './buttonCodec.js';

export { MAX_BUTTON_BYTES } from './buttonCodec.js';

/** Every button the core puts under a message (outside flow steps): the menu's, then each feature's own. */
export const Buttons = {
  command: commandButton,
  ...heatAlertButtons,
  ...meetingButtons,
  ...networkButtons,
  ...faqButtons,
} as const;

type Decoded<C> = C extends { decode: (raw: string) => infer R } ? NonNullable<R> : never;
export type Button = { [K in keyof typeof Buttons]: Decoded<(typeof Buttons)[K]> }[keyof typeof Buttons];

/** The button a value stands for, or undefined (a flow's own option, or something forged). */
export function decodeButton(raw: string): Button | undefined {
  for (const c of Object.values(Buttons)) {
    const b = c.decode(raw);
    if (b) return b as Button;
  }
  return undefined;
}
