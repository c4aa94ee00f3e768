import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Why a file holding personal data was not written; `message` is one French line for the operator. */
export class PrivateFileRefused extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'folder' | 'noFolder' | 'symlink',
  ) {
    const why = {
      folder: "c'est un dossier",
      noFolder: "son dossier n'existe pas",
      symlink: "c'est un lien symbolique (refusé : il pourrait mener vers un autre fichier)",
    }[reason];
    super(`Impossible d'écrire « ${path} » : ${why}. Donnez un nouveau fichier dans un dossier existant.`);
  }
}

/**
 * Writes a file only its owner can read (0600, whatever the file had before): into a new temporary file next to
 * it, then renamed over it, so a symlink is never followed, a half-written file is never seen, and an old file's
 * wider mode is not kept.
 */
export function writePrivateFile(path: string, content: string | Uint8Array): void {
  const target = resolve(path);
  const existing = lstatOrUndefined(target);
  if (existing?.isSymbolicLink()) throw new PrivateFileRefused(path, 'symlink');
  if (existing?.isDirectory()) throw new PrivateFileRefused(path, 'folder');
  if (!statOrUndefined(dirname(target))?.isDirectory()) throw new PrivateFileRefused(path, 'noFolder');
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx' = O_CREAT|O_EXCL: fails rather than follow anything already at that name.
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temporary, target);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
