import { execFile } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithBothChannels } from '../../support/bothChannels.js';
import { SlackUser } from '../../support/slackStandIn.js';
import { eventually } from '../../support/env.js';
import type { TelegramUser } from '../../support/telegramStandIn.js';

const TOKEN = '559:REGISTRY-token';
const run = promisify(execFile);

/** Issue 15, item 5: the separate consent to the mairie's registry, and /export for the eco-managers. */
describe("the mairie's registry of vulnerable persons (REGISTRY_EXPORT=on), over Telegram and Slack", () => {
  let both: Awaited<ReturnType<typeof startWithBothChannels>>;
  beforeAll(async () => {
    both = await startWithBothChannels(TOKEN, {
      REGISTRY_EXPORT: 'on',
      RATE_LIMIT_PER_MINUTE: '120', // Jeanne answers some forty questions within the minute
      ECO_MANAGERS: 'telegram:3001:ilot-13,slack:UMGR:ilot-13+rosa-parks',
    });
  });
  afterAll(() => both?.close());

  /** The signup up to the network's consent, as someone supported. */
  async function joinAsSupported(user: TelegramUser, address: string, where: string[] = []) {
    await user.send('/start ilot-13');
    await user.expect(/Comment souhaitez-vous participer/);

    await user.press(/appelé·e ou accompagné·e/);
    await user.expect(/adresse/i);
    await user.send(address);
    for (const [i, question] of [/Bâtiment/, /étage/, /porte/].entries()) {
      await user.expect(question);
      if (where[i]) await user.send(where[i]);
      else await user.press(/Passer/);
    }
    await user.expect(/joindre/);
    await user.press(/Ici, dans cette conversation/);
    await user.expect(/seul|déplace/);
    await user.press(/Je vis seul·e/);
    await user.expect(/qu'on vous appelle/);
    await user.press(/Passer/);
    await user.expect(/j'ai besoin de votre accord/);
    await user.press(/Oui, je suis d'accord/);
  }

  it('asks people supported separately, exports only those who consented, and forgets a withdrawn consent', async () => {
    const jeanne = both.telegram.user(TOKEN, 7901);
    await joinAsSupported(jeanne, '12 rue Nationale', ['A', '2', 'droite']);
    const question = await jeanne.expect(/registre des personnes fragiles/);
    expect(question.buttons.map((b) => b.text)).toEqual(['Oui, me transmettre', 'Non merci']);
    await jeanne.press(/Oui, me transmettre/);
    await jeanne.expect(/nom de famille/);
    await jeanne.send('Martin');
    await jeanne.expect(/prénom/);
    await jeanne.send('Jeanne');
    await jeanne.expect(/date de naissance/);
    await jeanne.send('31/02/1941'); // no such day: asked again, kindly
    await jeanne.expect(/Je n'ai pas compris cette date/);
    await jeanne.send('14/07/1941');
    await jeanne.expect(/aide à domicile/);
    // Issue 21, item 1: what a spreadsheet would run as a formula is typed as a home help.
    await jeanne.send('=HYPERLINK("http://x.example","clic")');
    await jeanne.expect(/personne à prévenir/);
    await jeanne.send('Paul Martin, 06 11 22 33 44');
    // Her network contact is this chat only: the mairie, which phones, may get a number.
    await jeanne.expect(/la mairie appelle les personnes du registre/);
    await jeanne.send('01 42 00 00 00');
    await jeanne.expect(/Qui fait cette demande/);
    await jeanne.press(/Moi-même/);
    const summary = await jeanne.expect(/Vérifions ensemble/);
    expect(summary.text).toMatch(/Registre de la mairie : oui, au nom de Jeanne Martin \(demande : Moi-même\)/);
    await jeanne.press(/Confirmer/);
    await jeanne.expect(/c'est enregistré/);

    // Someone else supported says no; they are in the network, not in the registry.
    const marcel = both.telegram.user(TOKEN, 7902);
    await joinAsSupported(marcel, '14 rue Nationale');
    await marcel.expect(/registre des personnes fragiles/);
    await marcel.press(/Non merci/);
    expect((await marcel.expect(/Vérifions ensemble/)).text).toMatch(/Registre de la mairie : non/);
    await marcel.press(/Confirmer/);
    await marcel.expect(/c'est enregistré/);

    // The Telegram eco-manager (one quartier) gets the CSV at once.
    const manager = both.telegram.user(TOKEN, 3001);
    await manager.send('/export');
    await manager.expect(/Registre de la mairie pour Ilot 13 : 1 personne/);
    // The file follows the message.
    const doc = await eventually(
      () => both.telegram.sentDocuments.find((d) => d.chatId === '3001'),
      10_000,
      'the CSV on Telegram',
    );
    expect(doc.fileName).toMatch(/^registre-ilot-13-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = Buffer.from(doc.content)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      "nom;prénom;date de naissance;adresse;code postal;téléphone;service d'aide à domicile;personne à prévenir;" +
        'date de la demande;qualité du demandeur',
    );
    expect(lines).toHaveLength(2); // Marcel is not there
    expect(lines[1]).toMatch(
      /^Martin;Jeanne;14\/07\/1941;"?12 rue Nationale, bât\.\/esc\. A, étage 2, porte droite"?;75013;01 42 00 00 00;/,
    );
    // The formula is shown as text (a leading apostrophe), never run when the mairie opens the file: the home help
    // column, right after the phone and before the person to warn.
    expect(lines[1]).toContain(
      ';01 42 00 00 00;"\'=HYPERLINK(""http://x.example"",""clic"")";Paul Martin, 06 11 22 33 44;',
    );
    expect(lines[1]).toMatch(/;la personne elle-même$/);

    // The Slack eco-manager manages two quartiers: a button says which; the CSV arrives as a file.
    const slackManager = new SlackUser(both.slack, both.requests, 'UMGR');
    await slackManager.command('export');
    await slackManager.expect(/Le registre de quel quartier/);
    await slackManager.press(/Ilot 13/);
    await slackManager.expect(/Registre de la mairie pour Ilot 13 : 1 personne/);
    // The file is uploaded after the message is posted.
    await eventually(() => both.slack.filesOf('UMGR').length === 1, 10_000, 'the CSV on Slack');
    expect(both.slack.filesOf('UMGR')[0]!.name).toMatch(/^registre-ilot-13-/);

    // The same file from the command line, readable by its owner only — even over an old file readable by all.
    const folder = join(both.space.env.SQLITE_PATH!, '..');
    const out = join(folder, 'registre.csv');
    writeFileSync(out, 'old', { mode: 0o644 });
    chmodSync(out, 0o644);
    const exportTo = (file: string) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'export', '--quartier', 'ilot-13', '--out', file], {
        env: { PATH: process.env.PATH ?? '', ...both.space.env, REGISTRY_EXPORT: 'on' },
      }).then(
        (r) => ({ ...r, code: 0 }),
        (e: { stdout: string; stderr: string; code: number }) => e,
      );
    // Issue 21, item 2: a folder, a missing folder, a symlink: one French line each, nothing written.
    const target = join(folder, 'elsewhere.txt');
    writeFileSync(target, 'not yours');
    symlinkSync(target, join(folder, 'link.csv'));
    const [written, toFolder, toMissing, toLink] = await Promise.all([
      exportTo(out),
      exportTo(folder),
      exportTo(join(folder, 'nowhere', 'r.csv')),
      exportTo(join(folder, 'link.csv')),
    ]);
    expect(written.stdout).toMatch(/1 person\(s\) of Ilot 13 who consented/);
    expect(readFileSync(out, 'utf8')).toMatch(/^\uFEFFnom;prénom;[\s\S]*\nMartin;Jeanne;/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(toFolder.code).not.toBe(0);
    expect(toFolder.stderr.trim()).toMatch(/^export : Impossible d'écrire « .* » : c'est un dossier\.[^\n]*$/);
    expect(toMissing.stderr.trim()).toMatch(/^export : [^\n]*son dossier n'existe pas[^\n]*$/);
    expect(toLink.stderr.trim()).toMatch(/^export : [^\n]*lien symbolique[^\n]*$/);
    expect(readFileSync(target, 'utf8')).toBe('not yours');
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // A resident cannot export, nor press the quartier button.
    await marcel.send('/export');
    await marcel.expect(/réservée aux éco-gestionnaires/);
    await marcel.pressData('export:ilot-13');
    await marcel.expect(/réservée aux éco-gestionnaires/);

    // Jeanne sees what she gave; she changes her mind: her registry fields go, her membership stays.
    await jeanne.send('/mesdonnees');
    await jeanne.expect(/Registre de la mairie : oui, au nom de Jeanne Martin/);
    await jeanne.send('/modifier');
    for (let i = 0; i < 20; i++) {
      const step = await jeanne.expect(/./);
      if (/registre des personnes fragiles/.test(step.text)) break;
      await jeanne.press(/Garder|Oui, je suis d'accord/);
    }
    await jeanne.press(/Non merci/);
    await jeanne.expect(/Registre de la mairie : non/);
    await jeanne.press(/Confirmer/);
    await jeanne.expect(/c'est enregistré/);
    await manager.send('/export');
    await manager.expect(/Personne à Ilot 13 n'a demandé/);

    const audit = both.product.stderr;
    expect(audit).not.toMatch(/Jeanne|Martin/); // logs carry ids, never names
  });
});
