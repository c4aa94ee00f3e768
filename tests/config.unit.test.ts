import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { parseParisDateTime } from '../src/domain/parisTime.js';

describe('configuration', () => {
  it('defaults to SQLite, the three quartiers, and the terminal chat (no token)', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: 'sqlite', path: 'data/relais.sqlite' });
    expect(c.quartiers.map((q) => q.id)).toEqual(['ilot-13', 'rosa-parks', 'bas-belleville']);
    expect(c.telegram).toBeUndefined();
    expect(c.alerts).toEqual({ approval: 'none', checkinTimes: ['10:00'], graceMs: 2 * 3600_000 });
  });

  it('switches to PostgreSQL and webhook mode from the environment', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://x@127.0.0.1/db',
      TELEGRAM_BOT_TOKEN: '1:a',
      PUBLIC_URL: 'https://relais.example.org',
    });
    expect(c.database.kind).toBe('postgres');
    expect(c.telegram?.webhook?.secret).toMatch(/^relais_[0-9a-f]{40}$/);
  });

  it('reads eco-managers and refuses unknown quartiers or malformed entries', () => {
    const c = loadConfig({ ECO_MANAGERS: 'telegram:42:ilot-13+bas-belleville,slack:U1:rosa-parks' });
    expect(c.ecoManagers).toEqual([
      { channel: 'telegram', userId: '42', quartiers: ['ilot-13', 'bas-belleville'] },
      { channel: 'slack', userId: 'U1', quartiers: ['rosa-parks'] },
    ]);
    expect(() => loadConfig({ ECO_MANAGERS: 'telegram:42:montmartre' })).toThrow(ConfigError);
    expect(() => loadConfig({ ECO_MANAGERS: 'fax:42:ilot-13' })).toThrow(
      /should start with telegram:, slack: or terminal:/,
    );
    expect(() => loadConfig({ ECO_MANAGERS: 'slack:U1' })).toThrow('should look like slack:<member id>:<quartier>');
  });

  it('an eco-manager entry for the terminal with an empty $USER names the terminal identity to use', () => {
    // What `ECO_MANAGERS=terminal:$USER:ilot-13` becomes where $USER is empty.
    expect(() => loadConfig({ ECO_MANAGERS: 'terminal::ilot-13', TERMINAL_USER: 'camille' })).toThrow(
      'ECO_MANAGERS: "terminal::ilot-13" names no terminal identity (an empty $USER?): write ' +
        'terminal:<TERMINAL_USER>:<quartier>[+<quartier>…], the same identity as TERMINAL_USER. ' +
        `Here the terminal chat's identity is "camille".`,
    );
    expect(loadConfig({ ECO_MANAGERS: 'terminal:camille:ilot-13', TERMINAL_USER: 'camille' }).ecoManagers).toEqual([
      { channel: 'terminal', userId: 'camille', quartiers: ['ilot-13'] },
    ]);
    expect(() => loadConfig({ CHECKIN_TIMES: '25:00' })).toThrow(/HH:MM/);
    expect(() => loadConfig({ REDIS_PREFIX: 'x', FLOW_TTL_DAYS: '-1' })).toThrow(ConfigError);
  });
});

describe('dates typed in Paris time', () => {
  const now = new Date('2027-07-20T08:00:00Z');
  it.each([
    ['25/07 14:00', '2027-07-25T12:00:00.000Z'],
    ['25/07/2027 14h30', '2027-07-25T12:30:00.000Z'],
    ['5/1 9h', '2028-01-05T08:00:00.000Z'], // winter time, and next year since January has passed
  ])('%s', (input, iso) => {
    expect(parseParisDateTime(input, now)?.toISOString()).toBe(iso);
  });
  it.each(['demain', '32/07 10:00', '25/07'])('refuses %s', (input) => {
    expect(parseParisDateTime(input, now)).toBeUndefined();
  });
});
