import { type Html, html } from './html.js';

/** The page a login link opens: one button, so that a chat app's link preview does not use the link up. */
export function loginPage(token: string): Html {
  return html`<p>Ce lien vous connecte à la console de votre quartier, une seule fois.</p>
<form method="post" action="/connexion">
<input type="hidden" name="t" value="${token}">
<button type="submit">Se connecter</button>
</form>`;
}

const WHY = {
  unknown: 'Ce lien n’est pas valable.',
  used: 'Ce lien a déjà servi : chaque lien ne sert qu’une fois.',
  expired: 'Ce lien a expiré (il est valable 10 minutes).',
  refused: 'La console est réservée aux éco-gestionnaires.',
} as const;

export function loginRefused(reason: keyof typeof WHY): Html {
  return html`<p>${WHY[reason]}</p><p>Pour en recevoir un nouveau, envoyez <code>/console</code> au bot Relais
dans votre messagerie.</p>`;
}

export function unauthenticated(): Html {
  return html`<p>Vous n’êtes pas connectée, ou votre session a pris fin.</p>
<p>Envoyez <code>/console</code> au bot Relais dans votre messagerie : il vous répond avec un lien de connexion.</p>`;
}

export function signedOut(): Html {
  return html`<p>Vous êtes déconnectée. À bientôt !</p>
<p>Pour revenir, envoyez <code>/console</code> au bot Relais.</p>`;
}
