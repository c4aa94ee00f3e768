import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';

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

/**
 * Makes a data folder its owner's only: the folder and those under it 0700, every file 0600 (the SQLite file and
 * its WAL hold addresses and phones; Redis's AOF holds the queued messages). Returns what had to be tightened.
 * A folder that is the home, the working folder or one of its parents is left alone (SQLITE_PATH=relais.sqlite
 * must not make the whole checkout private), as are symlinks and what belongs to another user.
 */
export function tightenPrivateFolder(dir: string): string[] {
  const root = resolve(dir);
  const holds = (path: string) => !relative(root, path).startsWith('..');
  if (holds(resolve('.')) || holds(homedir()) || !lstatOrUndefined(root)?.isDirectory()) return [];
  const tightened: string[] = [];
  const visit = (path: string, depth: number) => {
    const st = lstatOrUndefined(path);
    if (!st || st.isSymbolicLink() || (process.getuid && st.uid !== process.getuid())) return;
    const wanted = st.isDirectory() ? 0o700 : 0o600;
    if ((st.isDirectory() || st.isFile()) && st.mode & 0o077) {
      try {
        chmodSync(path, wanted);
        tightened.push(path);
      } catch {
        // Not ours to change (a read-only mount): the start goes on; the warning names what was tightened only.
      }
    }
    if (st.isDirectory() && depth < 4) for (const name of readdirSync(path)) visit(join(path, name), depth + 1);
  };
  visit(root, 0);
  return tightened;
}

/** Creates an empty file 0600 when missing, so that what SQLite creates beside it (-wal, -shm) is 0600 too. */
export function createPrivateFile(path: string): void {
  if (lstatOrUndefined(path)) return;
  closeSync(openSync(path, 'a', 0o600));
}
