import { listen } from '../httpListen.js';
import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { EcoManagers } from '../domain/ecoManagers.js';
import type { RedisClient } from '../jobs/redis.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../storage/auditLog.js';
import type { Db } from '../storage/database.js';
import type { PeopleDirectory } from '../storage/people.js';
import { type Language, translator } from '../i18n/translator.js';
import { loadAssets } from './assets.js';
import { type Html, html } from './html.js';
import { layout } from './layout.js';
import type { ConsolePage, ConsoleRequest, ConsoleResult } from './page.js';
import { ConsoleAccess, SESSION_TTL_MS } from './sessions.js';
import { readUploads, uploadedFile } from './uploads.js';
import { type LoginRefusal, loginPage, loginRefused, signedOut, unauthenticated } from './loginPages.js';

export interface ConsoleDeps {
  db: Db;
  redis: RedisClient;
  config: Config;
  logger: Logger;
  audit: AuditLog;
  people: PeopleDirectory;
  ecoManagers: EcoManagers;
  now: () => Date;
}

/** Nothing but the console's own files; no inline script or style; no frame; forms post only here. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const COOKIE = 'relais_console';
const NOTICE = 'relais_notice';

/**
 * The eco-managers' web console: pages declared by the features, behind a session opened by a one-time link
 * from the chat. Every request re-reads the session, the person and her quartiers; every POST carries the
 * session's CSRF token; login attempts are counted per address in Redis.
 */
export async function startConsoleServer(
  deps: ConsoleDeps,
  pages: ConsolePage[],
): Promise<{ port: number; stop: () => Promise<void> }> {
  const options = deps.config.console!;
  const access = new ConsoleAccess(deps.db, deps.now);
  const assets = loadAssets();
  const secure = options.url.startsWith('https:');
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: `${deps.config.redis.prefix}:console-login`,
    points: options.loginsPer15Minutes,
    duration: 900,
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    });
    next();
  });
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.get('/assets/:name', (req, res) => {
    const asset = assets.get(String(req.params.name));
    if (!asset) return void res.status(404).type('text/plain').send('not found\n');
    res.set('Cache-Control', 'public, max-age=3600').type(asset.type).send(asset.body);
  });

  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  // Before login (or with no session) the pages are in French; after, in her language.
  const french = translator('fr');
  const send = (res: Response, status: number, title: string, body: Html, lang: Language = 'fr') =>
    res
      .status(status)
      .type('html')
      .send(layout({ lang, t: translator(lang), title, body }).value);
  const overLimit = async (req: Request) => {
    try {
      await limiter.consume(req.ip ?? 'unknown');
      return false;
    } catch (err) {
      // Over the limit, the limiter rejects with its verdict; an Error means Redis did not answer (let her in).
      if (!(err instanceof Error)) return true;
      deps.logger.warn({ code: 'CONSOLE_LIMITER_ERROR' }, 'login limiter unavailable');
      return false;
    }
  };
  const tooMany = (res: Response) =>
    send(res, 429, french('console.login.tooManyTitle'), html`<p>${french('console.login.tooMany')}</p>`);
  const unusable = (res: Response, reason: LoginRefusal) =>
    send(res, 410, french('console.login.unusableTitle'), loginRefused(french, reason));

  // The link only shows a button: chat apps open links to preview them, which must not use it up.
  app.get('/connexion', async (req, res) => {
    if (await overLimit(req)) return void tooMany(res);
    const token = typeof req.query.t === 'string' ? req.query.t : '';
    const seen = await access.peek(token);
    if ('reason' in seen) return void unusable(res, seen.reason);
    // The link is hers: the page is in her language already.
    const lang = (await deps.people.byId(seen.personId))?.language ?? 'fr';
    const t = translator(lang);
    send(res, 200, t('console.login.title'), loginPage(t, token), lang);
  });
  app.post('/connexion', async (req, res) => {
    if (await overLimit(req)) return void tooMany(res);
    const token = String(req.body?.t ?? '');
    const result = await access.redeem(token, async (id) => (await managerOf(id)).quartiers.length > 0);
    if (result === 'refused' || !result.ok) {
      deps.logger.warn({ code: 'CONSOLE_LOGIN_REFUSED', reason: result === 'refused' ? result : result.reason });
      return void unusable(res, result === 'refused' ? 'refused' : result.reason);
    }
    await deps.audit.record(result.personId, 'console.login');
    res.cookie(COOKIE, result.sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      maxAge: SESSION_TTL_MS,
    });
    res.redirect(303, '/');
  });

  async function managerOf(identityId: string) {
    const identity = await deps.people.byId(identityId);
    const quartiers = identity ? deps.ecoManagers.quartiersOf(identity.channel, identity.channelUserId) : [];
    return { identity, quartiers };
  }

  // Everything below needs a session of an eco-manager who still is one.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const sessionId = cookies(req)[COOKIE];
    const session = sessionId ? await access.session(sessionId) : undefined;
    const { identity, quartiers } = session
      ? await managerOf(session.personId)
      : { identity: undefined, quartiers: [] };
    if (!session || !identity || !quartiers.length)
      return void send(res, 401, french('console.login.title'), unauthenticated(french));
    const lang = identity.language;
    res.locals.console = {
      identity,
      personId: identity.linkedTo ?? identity.id,
      quartiers,
      csrf: session.csrf,
      sessionId,
      lang,
    };
    next();
  });
  app.use(
    readUploads((res, tooBig) => {
      const lang: Language = res.locals.console.lang;
      const t = translator(lang);
      const why = tooBig ? t('docs.tooBig') : t('console.errors.form');
      send(res, tooBig ? 413 : 400, t('console.errors.refusedTitle'), html`<p>${why}</p>`, lang);
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const given = String(req.get('x-csrf-token') ?? req.body?._csrf ?? '');
    if (sameSecret(given, res.locals.console.csrf)) return next();
    deps.logger.warn({ code: 'CONSOLE_CSRF' }, 'console POST without its CSRF token');
    const lang: Language = res.locals.console.lang;
    const t = translator(lang);
    send(res, 403, t('console.errors.refusedTitle'), html`<p>${t('console.errors.csrf')}</p>`, lang);
  });
  app.post('/deconnexion', async (_req, res) => {
    await access.end(res.locals.console.sessionId);
    await deps.audit.record(res.locals.console.identity.id, 'console.logout');
    res.clearCookie(COOKIE, { path: '/' });
    const lang: Language = res.locals.console.lang;
    const t = translator(lang);
    send(res, 200, t('console.login.signedOutTitle'), signedOut(t), lang);
  });

  for (const page of pages) {
    for (const route of page.routes) {
      const path = page.path === '/' ? route.path || '/' : `${page.path}${route.path}`;
      app[route.method](path, async (req: Request, res: Response) => {
        const c = res.locals.console;
        const lang: Language = c.lang;
        const t = translator(lang);
        const request: ConsoleRequest = {
          identity: c.identity,
          personId: c.personId,
          quartiers: c.quartiers,
          env: {
            personId: c.personId,
            lang,
            t,
            quartiers: deps.config.quartiers,
            managedQuartiers: c.quartiers,
            now: deps.now,
          },
          params: Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, String(v)])),
          query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
          body: Object.fromEntries(Object.entries(req.body ?? {}).map(([k, v]) => [k, String(v)])),
          file: uploadedFile(req),
          csrf: c.csrf,
          htmx: req.get('hx-request') === 'true',
        };
        try {
          respond(req, res, page, await route.handle(request));
        } catch (err) {
          deps.logger.error({ err, code: 'CONSOLE_PAGE_ERROR', page: page.id }, 'console page failed');
          send(res, 500, t('console.errors.title'), html`<p>${t('console.errors.failed')}</p>`, lang);
        }
      });
    }
  }
  app.use((_req, res) => {
    const lang: Language = res.locals.console.lang;
    const t = translator(lang);
    const body = html`<p>${t('console.errors.notFound')} <a href="/">${t('console.errors.home')}</a></p>`;
    send(res, 404, t('console.errors.notFoundTitle'), body, lang);
  });

  function respond(req: Request, res: Response, page: ConsolePage, result: ConsoleResult) {
    if ('redirect' in result) {
      if (result.notice) res.cookie(NOTICE, result.notice, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
      return res.redirect(303, result.redirect);
    }
    if ('file' in result) {
      res.attachment(result.file.name).type(result.file.type);
      return res.send(Buffer.from(result.file.content));
    }
    if ('fragment' in result)
      return res
        .status(result.status ?? 200)
        .type('html')
        .send(result.fragment.value);
    const notice = cookies(req)[NOTICE];
    if (notice) res.clearCookie(NOTICE, { path: '/' });
    const nav = { pages, current: page.id, csrf: res.locals.console.csrf };
    const lang: Language = res.locals.console.lang;
    res.status(result.status ?? 200).type('html');
    res.send(layout({ lang, t: translator(lang), title: result.title, body: result.page, nav, notice }).value);
  }

  const listening = await listen(app, options.port, options.host);
  deps.logger.info({ port: listening.port }, 'eco-managers console listening');
  return listening;
}

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
