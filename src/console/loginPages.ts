import type { Translate } from '../i18n/translator.js';
import { type Html, html, withCode } from './html.js';

/** The page a login link opens: one button, so that a chat app's link preview does not use the link up. */
export function loginPage(t: Translate, token: string): Html {
  return html`<p>${t('console.login.intro')}</p>
<form method="post" action="/connexion">
<input type="hidden" name="t" value="${token}">
<button type="submit">${t('console.login.button')}</button>
</form>`;
}

export type LoginRefusal = 'unknown' | 'used' | 'expired' | 'refused';

export function loginRefused(t: Translate, reason: LoginRefusal): Html {
  return html`<p>${t(`console.login.why.${reason}`)}</p><p>${withCode(t('console.login.again'), '/console')}</p>`;
}

export function unauthenticated(t: Translate): Html {
  return html`<p>${t('console.login.unauthenticated')}</p>
<p>${withCode(t('console.login.askLink'), '/console')}</p>`;
}

export function signedOut(t: Translate): Html {
  return html`<p>${t('console.login.signedOut')}</p>
<p>${withCode(t('console.login.comeBack'), '/console')}</p>`;
}
