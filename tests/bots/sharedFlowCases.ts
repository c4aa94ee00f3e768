/**
 * One table of conversation cases, run against every adapter (Telegram and Slack): the flows are written
 * once, so what a person sees must be the same whatever the app. Commands are written as on Telegram
 * ("/start"); the Slack driver types them as "/relais start".
 */
export type Step = ['send', string] | ['press', RegExp] | ['expect', RegExp];

export interface FlowCase {
  name: string;
  steps: Step[];
}

export const FLOW_CASES: FlowCase[] = [
  {
    name: 'a full signup with buttons and a typed address',
    steps: [
      ['send', '/start'],
      ['expect', /Dans quel quartier/],
      ['press', /Rosa Parks/],
      ['expect', /participer/],
      ['press', /voisin·e volontaire/],
      ['expect', /adresse de votre immeuble/],
      ['send', '20 rue Émile Bollaert'],
      ['expect', /joindre/],
      ['press', /cette conversation/],
      ['expect', /disponible/],
      ['press', /week-end/],
      ['expect', /Plusieurs réponses possibles/],
      ['press', /^Le soir/],
      ['expect', /Plusieurs réponses possibles/],
      ['press', /Valider/],
      ['expect', /qu'on vous appelle/],
      ['send', 'Léa'],
      ['expect', /votre accord/],
      ['press', /Oui/],
      ['expect', /Vérifions[\s\S]*20 rue Émile Bollaert/],
      ['press', /Confirmer/],
      ['expect', /enregistré/],
      ['send', '/mesdonnees'],
      ['expect', /tout ce que je garde[\s\S]*Nom : Léa[\s\S]*Rosa Parks[\s\S]*Le soir, Le week-end/],
    ],
  },
  {
    name: 'a wrong answer gets a kind hint and the same question; typed choices work',
    steps: [
      ['send', '/start'],
      ['expect', /Dans quel quartier/],
      ['send', 'Lyon'],
      ['expect', /Dans quel quartier/],
      ['send', 'bas belleville'],
      ['expect', /participer/],
      ['send', '/retour'],
      ['expect', /Dans quel quartier/],
      ['send', '/annuler'],
      ['expect', /annulé/],
    ],
  },
  {
    name: 'a question is answered from the documents, with its source',
    steps: [
      ['send', "C'est quoi un DTG ?"],
      // A confident answer ends with « Source : … », the middle tier quotes passages « … » — with their source.
      ['expect', /DTG[\s\S]*(Source : |» — )/],
    ],
  },
  {
    name: 'a question typed in the middle of the signup is answered, then the same step comes back',
    steps: [
      ['send', '/start'],
      ['expect', /Dans quel quartier/],
      ['send', "C'est quoi un DTG ?"],
      ['expect', /(diagnostic technique global|DTG fait le bilan)[\s\S]*(Source : |» — )/],
      ['expect', /Dans quel quartier/],
      ['press', /Ilot 13/],
      ['expect', /participer/],
    ],
  },
  {
    name: 'a business subscribes to weekly energy-sobriety tips, then stops them',
    steps: [
      ['send', '/conseils'],
      ['expect', /votre entreprise est dans quel quartier/],
      ['press', /Rosa Parks/],
      ['expect', /secteur/],
      ['press', /Bureaux/],
      ['expect', /Combien de personnes/],
      ['press', /10 à 49/],
      ['expect', /Quel jour/],
      ['press', /Mercredi/],
      ['expect', /quelle heure/],
      ['send', 'midi'],
      ['expect', /Écrivez une heure/],
      ['send', '9h'],
      ['expect', /un conseil pratique chaque Mercredi à 09:00/],
      ['send', '/stop'],
      ['expect', /vous ne recevrez plus de conseils/],
    ],
  },
  {
    name: 'the agenda says so when nothing is planned',
    steps: [
      ['send', '/agenda'],
      ['expect', /Aucun rendez-vous prévu/],
    ],
  },
  {
    name: 'a resident cannot broadcast',
    steps: [
      ['send', '/alerte'],
      ['expect', /réservée aux éco-gestionnaires/],
    ],
  },
];

export interface ChatDriver {
  send(text: string): Promise<void>;
  press(label: RegExp): Promise<void>;
  expect(pattern: RegExp): Promise<unknown>;
}

export async function runCase(driver: ChatDriver, steps: Step[]): Promise<void> {
  for (const [action, arg] of steps) {
    if (action === 'send') await driver.send(arg);
    else if (action === 'press') await driver.press(arg);
    else await driver.expect(arg);
  }
}
