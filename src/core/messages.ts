/** The channel-neutral vocabulary between adapters and the core (see design.md). */
export type Channel = 'telegram' | 'slack' | 'terminal';

export interface InboundEvent {
  channel: Channel;
  /** The person's id on that platform. */
  userId: string;
  /** Where replies go (a Telegram chat id, a Slack DM channel, "terminal"). */
  chatId: string;
  /** The platform's language hint, e.g. Telegram's language_code. */
  languageHint?: string;
  kind: 'text' | 'choice' | 'command' | 'document' | 'unsupported';
  text?: string;
  /** Value of a pressed button. */
  choice?: string;
  command?: string;
  args?: string;
  /** A file sent to the bot (text holds its caption); downloaded only if someone may add documents. */
  document?: { fileName: string; size?: number; download: () => Promise<Buffer> };
  /** Why an update is unsupported: 'media', 'group', 'too_long'. */
  unsupported?: 'media' | 'group' | 'too_long';
}

export interface ReplyOption {
  value: string;
  label: string;
}

/** What the core answers; every adapter renders it its own way (buttons, numbered list…). */
export interface Reply {
  text: string;
  options?: ReplyOption[];
  /** The question takes typed text; its options are only suggestions (a typed "20" is 20 places, not option 20). */
  freeText?: boolean;
  /** A file sent with the message (e.g. a meeting's .ics to add it to a calendar). */
  attachment?: { fileName: string; mimeType: string; content: string };
}

/** One part of a person's status page (Slack's App Home): a title, a line of status, buttons. */
export interface OverviewSection {
  title: string;
  text?: string;
  options?: ReplyOption[];
}
