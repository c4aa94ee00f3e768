import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleAccess, LOGIN_TTL_MS, SESSION_TTL_MS } from '../../src/console/sessions.js';
import { createTestApp } from '../support/context.js';
import { DB_KINDS } from '../support/env.js';

describe.each(DB_KINDS)('console links and sessions (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let access: ConsoleAccess;
  beforeAll(async () => {
    app = await createTestApp(kind, { ECO_MANAGERS: 'terminal:manager:ilot-13', CONSOLE_PORT: '0' });
    access = new ConsoleAccess(app.ctx.db, app.ctx.now);
  });
  afterAll(() => app?.close());
  const yes = async () => true;

  it('/console gives an eco-manager a link that opens one session, once; a resident is refused', async () => {
    const [reply] = await app.person('manager').say('/console');
    const token = /connexion\?t=([\w-]+)/.exec(reply!.text)?.[1];
    expect(token).toBeDefined();
    const [first, second] = await Promise.all([access.redeem(token!, yes), access.redeem(token!, yes)]);
    const opened = [first, second].flatMap((r) => (r !== 'refused' && r.ok ? [r] : []));
    expect(opened).toHaveLength(1);
    expect([first, second]).toContainEqual({ ok: false, reason: 'used' });
    const session = opened[0]!;
    expect(await access.session(session.sessionId)).toMatchObject({ personId: session.personId });
    // Only hashes are stored: neither the token nor the cookie's value is in the database.
    const rows = JSON.stringify([
      await app.ctx.db.selectFrom('console_logins').selectAll().execute(),
      await app.ctx.db.selectFrom('console_sessions').selectAll().execute(),
    ]);
    expect(rows).not.toContain(token);
    expect(rows).not.toContain(session.sessionId);
    const [refusal] = await app.person('resident').say('/console');
    expect(refusal!.text).toMatch(/réservée aux éco-gestionnaires/);
    expect(refusal!.text).not.toMatch(/connexion/);
  });

  it('a link expires after 10 minutes, a session after 12 hours; a link for a former eco-manager opens nothing', async () => {
    const person = await app.ctx.people.findOrCreate('terminal', 'manager', 'chat-manager', 'fr');
    const late = await access.issue(person.id);
    const refused = await access.issue(person.id);
    const fresh = await access.issue(person.id);
    const opened = await access.redeem(fresh, yes);
    expect(await access.redeem(refused, async () => false)).toBe('refused');
    app.advance(LOGIN_TTL_MS + 1000);
    expect(await access.redeem(late, yes)).toEqual({ ok: false, reason: 'expired' });
    if (opened === 'refused' || !opened.ok) throw new Error('no session');
    expect(await access.session(opened.sessionId)).toBeDefined();
    app.advance(SESSION_TTL_MS);
    expect(await access.session(opened.sessionId)).toBeUndefined();
  });
});
