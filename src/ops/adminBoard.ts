import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const COOKIE = 'relais_admin';
/** How long a browser keeps the board open without the token being given again. */
const SESSION_SECONDS = 8 * 3600;

/**
 * A page opened as http://admin:TOKEN@host/… has credentials in its own URL, and the browser refuses fetch()
 * of any URL built from it: Bull Board's labels (fetched JSON) stay raw keys ("MENU.QUEUES"). The page goes
 * once to the same address without them; the session cookie set with the first answer lets it in.
 */
const CLEAN_ADDRESS = 'if(/^[a-z]+:\\/\\/[^/]*@/i.test(document.baseURI))location.replace(location.href);';

/**
 * Nothing leaves the machine: the fonts Bull Board's page asks of Google are dropped (its CSS falls back to the
 * system's sans-serif and monospace), and the policy lets the browser load nothing but this server's files.
 */
const POLICY = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${createHash('sha256').update(CLEAN_ADDRESS).digest('base64')}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Bull Board's HTML page, rewritten to load nothing from elsewhere. */
export function localOnlyPage(html: string): string {
  return html
    .replace(/<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>\s*/gi, '')
    .replace(/<head>/i, `<head>\n<script>${CLEAN_ADDRESS}</script>`);
}

/** Sets the policy on every answer of the board, and rewrites its HTML page. */
export function keepBoardLocal(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', POLICY);
  const send = res.send.bind(res);
  res.send = ((body?: unknown) =>
    send(typeof body === 'string' && /<html/i.test(body) ? localOnlyPage(body) : body)) as Response['send'];
  next();
}

/**
 * The admin token as `Authorization: Bearer <token>`, as the password of HTTP Basic auth (the browser's prompt,
 * or http://admin:TOKEN@host/ in the address), or once as `?token=` (then the address is cleaned of it). Any of
 * them sets a session cookie (an HMAC of the token, not the token) that the page's own requests carry. Compared
 * in constant time.
 */
export function requireAdminToken(token: string, cookiePath: string) {
  const expected = Buffer.from(token);
  const session = Buffer.from(createHmac('sha256', token).update('relais admin session').digest('base64url'));
  const same = (given: string | undefined, want: Buffer) => {
    const b = Buffer.from(given ?? '');
    return b.length === want.length && timingSafeEqual(b, want);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
    const basic = /^Basic (.+)$/i.exec(header)?.[1];
    const password = basic ? Buffer.from(basic, 'base64').toString().split(':').slice(1).join(':') : undefined;
    const inQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookie = cookieValue(req.headers.cookie, COOKIE);
    const byCookie = same(cookie, session);
    if (!byCookie && !same(bearer, expected) && !same(password, expected) && !same(inQuery, expected)) {
      res.status(401).set('WWW-Authenticate', 'Basic realm="Relais admin"').type('text/plain').send('token needed\n');
      return;
    }
    if (!byCookie) {
      res.append(
        'Set-Cookie',
        `${COOKIE}=${session.toString()}; Path=${cookiePath}; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict` +
          (req.secure ? '; Secure' : ''),
      );
    }
    if (inQuery !== undefined) {
      // The token does not stay in the address bar, the history or a shared link.
      const url = new URL(req.originalUrl, 'http://board');
      url.searchParams.delete('token');
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    next();
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
