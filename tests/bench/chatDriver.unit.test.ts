import { describe, expect, it } from 'vitest';
import { decide } from '../../bench/support/chatDriver.js';
import type { BotMessage } from '../support/telegramLoadStandIn.js';

const ask = (text: string, ...labels: string[]): BotMessage => ({
  chatId: '1',
  messageId: 1,
  text,
  buttons: labels.map((l, i) => ({ text: l, callback_data: `b${i}` })),
  at: 0,
});
const said = (prompt: BotMessage, tried: string[] = []) => {
  const action = decide(prompt, new Set(tried));
  return action?.type === 'text' ? action.text : action && `[${action.button.text}]`;
};

/** The bench's person answers steps it was never told about, by what they ask: the bench follows the flow. */
describe('the chat benchmark answers by meaning', () => {
  it('takes its own choices wherever they are asked', () => {
    expect(said(ask('Dans quel quartier ?', 'Ilot 13', 'Rosa Parks', 'Bas-Belleville'))).toBe('[Rosa Parks]');
    expect(said(ask("Pour faire partie du réseau, j'ai besoin de votre accord.", "Oui, je suis d'accord", 'Non'))).toBe(
      "[Oui, je suis d'accord]",
    );
    expect(said(ask("Vérifions ensemble :\n\nC'est bon ?", 'Confirmer', 'Modifier', 'Annuler'))).toBe('[Confirmer]');
  });

  it('types a plausible value for a free-text question, even beside a skip button', () => {
    expect(said(ask("Quelle est l'adresse de votre immeuble ?"))).toBe('20 rue Émile Bollaert');
    expect(said(ask('Quel est votre nom de famille ?'))).toBe('Martin');
    expect(said(ask('Et votre prénom ?'))).toBe('Claire');
    expect(said(ask('À quel étage habitez-vous ?', 'Passer'))).toBe('3');
    expect(said(ask("Quel est le code d'entrée de l'immeuble ?", 'Passer'))).toBe('1234A');
    expect(said(ask('Quelle porte ?', 'Passer'))).toBe('gauche');
  });

  it('skips or keeps what it has no answer for, presses a suggestion, and never cancels', () => {
    expect(said(ask('Une précision sur votre logement ?', 'Passer'))).toBe('[Passer]');
    expect(said(ask('Quel escalier ?', 'Passer'), ['text:B'])).toBe('[Passer]');
    expect(said(ask('Votre rôle ?', 'Garder : voisin·e'))).toBe('[Garder : voisin·e]');
    expect(said(ask('Vouliez-vous dire ?', '20 rue Émile Bollaert, 75019', 'Autre adresse'))).toBe(
      '[20 rue Émile Bollaert, 75019]',
    );
    expect(said(ask('Et maintenant ?', 'Annuler', 'Autre chose'))).toBe('[Autre chose]');
  });

  it('closes a question with several choices once one is chosen', () => {
    const multi = ask('Quand êtes-vous disponible ?', '✓ Le week-end', 'Le soir', 'Valider');
    expect(said(multi, ['press:Le week-end'])).toBe('[Valider]');
  });

  it('is stuck, rather than guessing, at a free-text question it cannot read', () => {
    expect(decide(ask('Décrivez votre situation en quelques mots.'), new Set())).toBeUndefined();
  });
});
