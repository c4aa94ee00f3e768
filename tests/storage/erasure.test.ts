import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, joinAsSupported, texts } from '../support/context.js';
import { createTestSpace } from '../support/env.js';
import { ProductProcess } from '../support/product.js';

describe('erased data leaves no trace in the SQLite files', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp('sqlite');
  });
  afterAll(() => app.close());

  const filesHold = (needle: string) => {
    const path = app.space.config.database.kind === 'sqlite' ? app.space.config.database.path : '';
    const dir = dirname(path);
    return readdirSync(dir)
      .filter((f) => f.startsWith('relais.sqlite'))
      .filter((f) => readFileSync(join(dir, f)).includes(Buffer.from(needle)));
  };

  it('after /quitter, neither the database file nor its write-ahead log holds the address or the phone', async () => {
    const p = app.person('marie');
    expect(texts(await joinAsSupported(p, '12 bd de belleville', '+33 6 12 34 56 78'))).toMatch(/enregistré/);
    expect(filesHold('12 boulevard de Belleville').length).toBeGreaterThan(0); // the check can see it

    await p.say('/quitter');
    expect(texts(await p.press(/tout effacer/))).toMatch(/effacées/);
    expect(filesHold('boulevard de Belleville')).toEqual([]);
    expect(filesHold('12 bd de belleville')).toEqual([]);
    expect(filesHold('612345678')).toEqual([]);
  });
});

describe('a data folder that cannot be written', () => {
  it('stops with one line saying what to fix, no stack trace', async () => {
    const space = await createTestSpace('sqlite');
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'relais-ro-')), 'file');
    writeFileSync(notAFolder, 'x'); // a file where the data folder should be: nothing can be created under it
    const product = new ProductProcess({ ...space.env, SQLITE_PATH: join(notAFolder, 'relais.sqlite') });
    try {
      expect(await product.exited).toBe(1);
      expect(product.stderr.trim()).toMatch(
        /^relais: SQLite database .* cannot be opened: check the folder is writable \(SQLITE_PATH\)\.$/,
      );
      expect(product.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await space.cleanup();
    }
  });
});
