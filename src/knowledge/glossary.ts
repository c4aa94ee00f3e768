/**
 * The field's vocabulary, as data. Abbreviations are expanded in documents and questions alike, so "DTG"
 * finds "diagnostic technique global" and back. English words map to the French words of the documents,
 * so an English question can find a French passage (the documents are in French).
 */
/** Acronyms the documents use too: kept, and expanded. */
export const ABBREVIATIONS: Record<string, string> = {
  dtg: 'diagnostic technique global',
  pppt: 'plan pluriannuel de travaux',
  ppt: 'plan pluriannuel de travaux',
  icu: 'îlot de chaleur urbain',
  ag: 'assemblée générale',
  cee: "certificats d'économies d'énergie",
  mpr: 'maprimerénov',
  zrc: 'zone de rénovation concertée',
  ao: "appel d'offres",
  pmo: 'personne morale organisatrice',
  cpcu: 'chauffage urbain',
  apc: 'agence parisienne du climat',
  ges: 'gaz à effet de serre',
  dpe: 'diagnostic de performance énergétique',
  anah: 'agence nationale habitat',
  cs: 'conseil syndical',
  kwc: 'kilowatt crête',
};

/** Question phrases, replaced by the word the documents use for what they ask ("combien de temps" → "durée"). */
export const PHRASES: [RegExp, string][] = [
  [/(?<!\p{L})combien de temps(?!\p{L})/giu, 'durée'],
  [/(?<!\p{L})(?:ça|ca|cela) prend(?!\p{L})/giu, ' '],
  [/(?<!\p{L})au bout de(?!\p{L})/giu, ' '],
  // Meeting someone in person: the documents speak of a "permanence" and of how to "joindre" someone.
  [/(?<!\p{L})(?:passer|venir|aller) (?:vous |te |le |la |les )?(?:voir|rencontrer)(?!\p{L})/giu, 'permanence rencontrer joindre contacter'],
  // English phrasal verbs and compounds, which word-by-word translation would miss.
  [/\bcheck-?ins?\b/giu, 'prendre des nouvelles'],
  [/\b(?:drop(?:ping)?|opt(?:ing)?) out\b/giu, 'quitter retirer'],
  [/\bsign(?:ing)? (?:up|in)\b/giu, 'inscrire'],
  [/\bhow long\b/giu, 'durée'],
];

/**
 * Forms of the verbs residents use most that the Snowball stemmer leaves apart from their infinitive
 * ("je m'inscris", "les inscrits", "l'inscription" / "s'inscrire"; "ils reçoivent" / "recevoir").
 */
const VERB_FAMILIES: Record<string, string[]> = {
  inscrire: ['inscris', 'inscrit', 'inscrits', 'inscrite', 'inscrites', 'inscrivez', 'inscrivent', 'inscrive'],
  rejoindre: ['rejoins', 'rejoint', 'rejoignez', 'rejoignent'],
  joindre: ['joins', 'joint', 'joignez', 'joignent', 'joignable'],
  recevoir: ['reçois', 'reçoit', 'recevez', 'reçoivent', 'reçu', 'reçue', 'reçus'],
  écrire: ['écris', 'écrit', 'écrivez', 'écrivent'],
  venir: ['viens', 'vient', 'venez', 'viennent'],
};
export const VERB_FORMS: Record<string, string> = Object.fromEntries(
  Object.entries(VERB_FAMILIES).flatMap(([infinitive, forms]) => forms.map((f) => [f.normalize('NFD').replace(/\p{M}+/gu, ''), infinitive])),
);

/** Everyday short forms: replaced by the full word. */
export const COLLOQUIAL: Record<string, string> = {
  copro: 'copropriété',
  copros: 'copropriétés',
  clim: 'climatisation',
  rdc: 'rez-de-chaussée',
  appart: 'appartement',
  proprio: 'propriétaire',
  proprios: 'propriétaires',
  velo: 'vélo',
  tel: 'téléphone',
  num: 'numéro',
  mail: 'mail courriel',
  email: 'mail courriel',
  conso: 'consommation',
  consos: 'consommations',
  dispo: 'disponible',
  payant: 'gratuit', payante: 'gratuit', payer: 'gratuit prix', max: 'maximum', maxi: 'maximum', min: 'minimum', mini: 'minimum',
  infos: 'informations',
  info: 'information',
  asso: 'association',
  frigo: 'réfrigérateur',
  ordi: 'ordinateur',
  // Spoken French residents type: the documents' words for them.
  decroche: 'répond joindre', decrocher: 'répondre joindre', decrochent: 'répondent joindre',
  pue: 'sent mauvais odeur', puer: 'sentir mauvais odeur', puent: 'sentent mauvais odeur',
  boite: 'entreprise', boites: 'entreprises', bosse: 'travaille', bosser: 'travailler', boulot: 'travail',
  fric: 'argent coût', thunes: 'argent coût', sous: 'argent coût', rembourse: 'aide remboursement',
  flotte: 'eau', caille: 'froid', caillant: 'froid', cagnard: 'chaleur soleil', etouffe: 'chaleur',
  gamins: 'enfants', gosses: 'enfants', gamin: 'enfant', mioches: 'enfants',
  toubib: 'médecin', bagnole: 'voiture', bagnoles: 'voitures', caisse: 'voiture',
  batiment: 'immeuble', batiments: 'immeubles',
};

/** Words that ask rather than say: they carry no meaning a passage could match. */
export const QUESTION_WORDS = [
  'combien', 'quand', 'comment', 'pourquoi', 'où', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'lequel', 'laquelle',
  'est-ce', 'faut', 'faire', 'fais', 'fait', 'doit', 'dois', 'doivent', 'peut', 'peux', 'peuvent', 'pourrait', 'va', 'vais',
  'aller', 'tout', 'toute', 'tous', 'toutes', 'si', 'bien', 'très', 'aussi', 'encore', 'déjà', 'juste', 'vraiment', 'alors',
  'donc', 'ça', 'ca', 'avoir', 'être', 'fois', 'mettre', 'vers', 'pendant', 'quelqu', 'quelque', 'quelqu’un', 'voir', 'dit', 'dire', 'cela', 'chose', 'truc', 'savoir', 'sais', 'voudrais', 'veux', 'besoin', 'bonjour', 'merci', 'svp',
  'how', 'much', 'many', 'what', 'which', 'when', 'where', 'who', 'why', 'want', 'should', 'would', 'could', 'can', 'does',
  'do', 'is', 'are', 'will', 'please', 'tell', 'know', 'need', 'get', 'there', 'any', 'out', 'in', 'on', 'at', 'to', 'of',
];

export const ENGLISH_TO_FRENCH: Record<string, string> = {
  heatwave: 'canicule', heat: 'chaleur', hot: 'chaleur', wave: 'canicule', heatstroke: 'coup de chaleur',
  building: 'immeuble', buildings: 'immeubles', residence: 'résidence', flat: 'appartement', apartment: 'appartement',
  management: 'gestion', manage: 'gestion', sustainable: 'durable', shared: 'mutualisé partagé',
  neighbour: 'voisin', neighbours: 'voisins', neighbor: 'voisin', neighbors: 'voisins', volunteer: 'bénévole volontaire',
  scheme: 'réseau dispositif', network: 'réseau', checkin: 'nouvelles',
  drop: 'désinscrire retirer quitter', leave: 'quitter', quit: 'quitter', unsubscribe: 'désinscrire quitter', withdraw: 'retirer',
  write: 'écrire message', send: 'envoyer message', contact: 'contact joindre',
  gap: 'écart', difference: 'écart différence', inside: 'intérieur', outside: 'extérieur', indoor: 'intérieur', outdoor: 'extérieur',
  photos: 'images', pictures: 'images', receive: 'reçoivent recevoir', day: 'jour', week: 'semaine', year: 'an année',
  address: 'adresse', phone: 'téléphone', number: 'numéro', call: 'appeler',
  answer: 'réponse répond', answers: 'réponse répond', respond: 'répond', reply: 'réponse répond', happen: 'passe',
  join: 'rejoindre inscrire', free: 'gratuit', pay: 'payer coût', open: 'ouvert', opens: 'ouvre ouvert', closed: 'fermé',
  start: 'départ début', starts: 'départ début', begin: 'début', begins: 'début', visit: 'visite permanence', meet: 'rencontrer permanence', sick: 'malade malaise', ill: 'malade malaise', faint: 'malaise',
  delete: 'effacer supprimer', erase: 'effacer', change: 'modifier changer', see: 'voir', next: 'prochain prochaine',
  tender: "appel d'offres", tenders: "appel d'offres", lot: 'lot', lots: 'lots', third: 'troisième 3',
  first: 'premier 1', second: 'deuxième 2', small: 'petits', works: 'travaux', work: 'travaux', energy: 'énergie énergétique',
  renovation: 'rénovation', insulation: 'isolation', insulate: 'isoler', boiler: 'chaudière', cellar: 'cave', basement: 'cave',
  shop: 'boutique commerce', store: 'commerce magasin', window: 'vitrine', display: 'vitrine', lit: 'éclairée', lighting: 'éclairage',
  light: 'éclairage lumière', night: 'nuit', fine: 'amende', penalty: 'sanction amende', law: 'loi', decree: 'décret',
  walk: 'balade', thermal: 'thermique', camera: 'caméra', infrared: 'infrarouge', meeting: 'réunion', meetings: 'réunions',
  register: 'inscrire', registration: 'inscription',
  bike: 'vélo', bikes: 'vélos', bicycle: 'vélo', parking: 'stationnement parking', car: 'voiture', cars: 'voitures',
  solar: 'solaire', panels: 'panneaux', panel: 'panneau', roof: 'toit toiture', roofs: 'toits toitures', power: 'puissance',
  electricity: 'électricité', consumption: 'consommation', cooling: 'climatisation rafraîchissement', heating: 'chauffage',
  temperature: 'température', water: 'eau', tree: 'arbre', trees: 'arbres', garden: 'jardin potager', compost: 'compost',
  school: 'école', schools: 'écoles', children: 'enfants', elderly: 'âgées', old: 'âgées', alone: 'seul', cost: 'coût prix',
  price: 'prix', long: 'durée', hour: 'heure', hours: 'heures',
  salary: 'salaire', data: 'données', consent: 'consentement', health: 'santé', medical: 'médical',
  emergency: 'urgence', doctor: 'médecin', help: 'aide', grant: 'aide subvention', subsidy: 'subvention aide',
  survey: 'questionnaire enquête', residents: 'habitants', resident: 'habitant', cool: 'fraîcheur', route: 'parcours',
  km: 'km', distance: 'km', company: 'entreprise', companies: 'entreprises', office: 'bureau', offices: 'bureaux',
  reduce: 'réduire baisser', target: 'objectif', goal: 'objectif', singled: 'particulier', special: 'particulier',
  attention: 'focus', cover: 'concerne', covers: 'concerne', split: 'découpé',
};
