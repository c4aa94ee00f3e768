import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { telegramUsername } from '../../bots/telegram/botIdentity.js';
import { type Config, ConfigError } from '../../config.js';
import { translator } from '../../i18n/translator.js';
import { renderPoster } from './poster.js';

/** `npm run cli -- poster --quartier ID [--building "12 rue …"] --out FILE.pdf`: the poster of /affiche. */
export async function posterCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { quartier: { type: 'string' }, building: { type: 'string' }, out: { type: 'string' } },
  });
  const quartier = config.quartiers.find((q) => q.id === values.quartier);
  if (!quartier || !values.out) throw new ConfigError('poster: --quartier ID and --out FILE.pdf are needed');
  const bot = await telegramUsername(config)();
  if (!bot) throw new ConfigError('poster: set TELEGRAM_BOT_USERNAME (or TELEGRAM_BOT_TOKEN) for the QR code link');
  const t = translator('fr');
  const building = values.building?.trim() || undefined;
  const { pdf, link } = await renderPoster({ quartier, botUsername: bot, building }, t);
  writeFileSync(values.out, pdf);
  console.log(`${values.out}: poster for ${quartier.name}${building ? `, ${building}` : ''} → ${link}`);
  return 0;
}
