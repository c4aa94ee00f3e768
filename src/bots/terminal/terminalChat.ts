import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { loginName } from '../../configValues.js';
import type { InboundEvent, Reply, ReplyOption } from '../../core/messages.js';

export interface TerminalChatOptions {
  input: Readable;
  output: Writable;
  handle: (event: InboundEvent) => Promise<Reply[]>;
  userId?: string;
  languageHint?: string;
  /** Where files sent by the bot (a meeting's .ics) are written. */
  filesDir?: string;
}

/**
 * A chat in the terminal, so anyone can try the flows with no account anywhere.
 * Buttons become numbered options: typing the number presses the button.
 */
export function runTerminalChat(opts: TerminalChatOptions): {
  closed: Promise<void>;
  userId: string;
  show: (reply: Reply) => void;
} {
  const userId = opts.userId ?? loginName();
  const rl = createInterface({ input: opts.input, terminal: false });
  let options: ReplyOption[] = [];
  let freeText = false;
  let chain: Promise<void> = Promise.resolve();

  const print = (replies: Reply[]) => {
    for (const reply of replies) {
      const lines = [`\nRelais › ${reply.text.replace(/\n(?=.)/g, '\n         ')}`];
      if (reply.attachment) {
        // A terminal cannot show a file: it is written next to the data, and its path shown.
        const dir = opts.filesDir ?? join(tmpdir(), 'relais-files');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, basename(reply.attachment.fileName));
        writeFileSync(path, reply.attachment.content);
        lines.push(`         📎 ${path}`);
      }
      for (const [i, o] of (reply.options ?? []).entries()) lines.push(`   ${i + 1}. ${o.label}`);
      opts.output.write(`${lines.join('\n')}\n`);
      if (reply.options?.length) {
        options = reply.options;
        freeText = reply.freeText ?? false;
      }
    }
    opts.output.write('\n> ');
  };

  const toEvent = (line: string): InboundEvent => {
    // The chat id is the identity: messages sent later reach this identity's terminal, not another's.
    const base = { channel: 'terminal' as const, userId, chatId: userId, languageHint: opts.languageHint };
    const command = /^\/(\w+)(?:@\w+)?\s*(.*)$/s.exec(line);
    if (command) return { ...base, kind: 'command', command: command[1]!, args: command[2] ?? '' };
    // On a question that takes typed text, a number is typed text (the flow still reads "2" as its second
    // suggestion when the number itself is not a valid answer).
    const picked = /^\d+$/.test(line) && !freeText ? options[Number(line) - 1] : undefined;
    if (picked) return { ...base, kind: 'choice', choice: picked.value };
    return { ...base, kind: 'text', text: line };
  };

  opts.output.write("Relais — chat local (tapez /start pour commencer, /aide pour l'aide, Ctrl+D pour quitter)\n");
  // After a restart, show where the person was.
  chain = chain.then(async () => {
    const replies = await opts.handle(toEvent('/reprendre'));
    if (replies.length) print(replies);
    else opts.output.write('\n> ');
  });
  rl.on('line', (raw) => {
    const line = raw.trim();
    if (!line) return;
    chain = chain.then(async () => {
      const event = toEvent(line);
      options = [];
      freeText = false;
      print(await opts.handle(event));
    });
  });
  const closed = new Promise<void>((resolve) => rl.once('close', () => void chain.then(resolve)));
  // Proactive messages (alerts, check-ins) for the person at this terminal appear in the chat; they come
  // through this identity's mailbox (terminalMailbox.ts), whichever process sent them.
  return { closed, userId, show: (reply) => print([reply]) };
}
