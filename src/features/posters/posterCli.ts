import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { telegramUsername } from '../../bots/telegram/botIdentity.js';
import { systemClock } from '../../clock.js';
import { type Config, ConfigError } from '../../config.js';
import { translator } from '../../i18n/translator.js';
import { openDatabase } from '../../storage/database.js';
import { MAX_BUILDING, PosterBuildings } from '../../storage/posterBuildings.js';
import { renderPoster } from './poster.js';

/**
 * `npm run cli -- poster --quartier ID [--building "12 rue …"] --out FILE.pdf`: the poster of /affiche. A
 * building's code is stored in the installation's database, where the bot finds it when the QR code is scanned.
 */
export async function posterCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { quartier: { type: 'string' }, building: { type: 'string' }, out: { type: 'string' } },
  });
  const quartier = config.quartiers.find((q) => q.id === values.quartier);
  if (!quartier || !values.out)
    throw new ConfigError(
      `poster : il faut --quartier (${config.quartiers.map((q) => q.id).join(', ')}) et --out FICHIER.pdf`,
    );
  const bot = await telegramUsername(config)();
  const t = translator('fr');
  const building = values.building?.trim().slice(0, MAX_BUILDING) || undefined;
  let buildingCode: string | undefined;
  if (building) {
    const db = await openDatabase(config.database);
    try {
      buildingCode = await new PosterBuildings(db, systemClock).codeFor(quartier.id, building);
    } finally {
      await db.destroy();
    }
  }
  const { pdf, link } = await renderPoster({ quartier, botUsername: bot, building, buildingCode }, t);
  writeFileSync(values.out, pdf);
  const what = `${values.out} : affiche de ${quartier.name}${building ? `, ${building}` : ''}`;
  console.log(
    link
      ? `${what} → ${link}`
      : `${what}, sans QR code (le Slack du quartier et le contact de l'éco-gestionnaire) : ` +
          "renseignez TELEGRAM_BOT_USERNAME pour un QR code qui ouvre l'inscription sur Telegram.",
  );
  return 0;
}
