import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_KINDS, createTestSpace, type TestSpace } from '../support/env.js';
import { copyCorpus } from '../support/corpus.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { KnowledgeStore } from '../../src/storage/knowledgeStore.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { createLogger } from '../../src/logger.js';
import { QuartierFileLoader } from '../../src/knowledge/loaders.js';
import { analyze } from '../../src/knowledge/analyzer.js';

describe('loaders', () => {
  it.each([
    ['general/pppt-plan-pluriannuel-travaux.docx', 'docx', /^PPPT/],
    ['general/balade-thermique-mode-d-emploi.html', 'html', /^Balade thermique/],
    ['general/canicule-bons-gestes.md', 'md', /^Fortes chaleurs/],
    ['rosa-parks/rosa-parks-sobriete-energetique.pdf', 'pdf', /sobriété énergétique/],
  ])('reads %s with a title%s', async (file, format, title) => {
    const dir = copyCorpus();
    try {
      const docs = await new QuartierFileLoader(join(dir, file)).load();
      expect(docs[0]!.metadata.format).toBe(format);
      expect(docs[0]!.metadata.title).toMatch(title);
      expect(docs.map((d) => d.pageContent).join('').length).toBeGreaterThan(1000);
      if (format === 'pdf') expect(docs[0]!.metadata.page).toBe(1);
      if (format !== 'pdf') expect(docs[0]!.pageContent).toMatch(/^#{1,3} /m); // headings kept as Markdown
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('French analysis', () => {
  it("folds accents, drops elisions and stop words, stems, and expands the field's acronyms", () => {
    expect(analyze("L'isolation des copropriétés")).toEqual(analyze('isolation copropriete'));
    expect(analyze("qu'est-ce que le DTG")).toEqual(['dtg', ...analyze('diagnostic technique global')]);
    expect(analyze('la clim de la copro')).toEqual(analyze('climatisation copropriété'));
    expect(analyze('heatwave building')).toEqual(analyze('canicule immeuble'));
  });

  it('reads question phrases as the documents word them, and English phrasal verbs as wholes', () => {
    expect(analyze('ça prend combien de temps')).toEqual(analyze('durée'));
    expect(analyze('How long')).toEqual(analyze('durée'));
    expect(analyze('the check-ins')).toEqual(analyze('prendre des nouvelles'));
    expect(analyze('drop out')).toEqual(analyze('quitter retirer'));
    expect(analyze('je peux passer vous voir')).toEqual(analyze('permanence rencontrer joindre contacter'));
    expect(analyze('au max')).toEqual(analyze('maximum'));
    // Verb forms the stemmer leaves apart from their infinitive.
    expect(analyze("je m'inscris")).toEqual(analyze("s'inscrire"));
    expect(analyze('les inscrits')).toEqual(analyze('inscrire'));
    expect(analyze('ils reçoivent')).toEqual(analyze('recevoir'));
  });
});

describe.each(DB_KINDS)('knowledge base on %s', (kind) => {
  let space: TestSpace;
  let db: Db;
  let corpus: string;
  let kb: KnowledgeBase;
  beforeEach(async () => {
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database);
    corpus = copyCorpus();
    kb = new KnowledgeBase(new KnowledgeStore(db, () => new Date()), {
      quartierIds: ['ilot-13', 'rosa-parks', 'bas-belleville'],
      quartierNames: { 'ilot-13': 'Ilot 13', 'rosa-parks': 'Rosa Parks', 'bas-belleville': 'Bas-Belleville' },
      logger: createLogger('silent'),
    });
  });
  afterEach(async () => {
    await db.destroy();
    await space.cleanup();
    rmSync(corpus, { recursive: true, force: true });
  });

  it('ingests every format, re-reads only what changed, and forgets removed files', async () => {
    const first = await kb.ingest([corpus]);
    expect(first.added).toHaveLength(16);
    expect(first.chunks).toBeGreaterThan(40);
    const again = await kb.ingest([corpus]);
    expect(again).toMatchObject({ added: [], updated: [], removed: [] });
    expect(again.unchanged).toHaveLength(16);

    appendFileSync(
      join(corpus, 'general/canicule-bons-gestes.md'),
      '\n\nLe local de la rue des Essais est ouvert aux habitants les jours de canicule.\n',
    );
    rmSync(join(corpus, 'rosa-parks/rosa-parks-parkings-et-velos.md'));
    writeFileSync(join(corpus, 'unknown-folder.md'), '# x');
    const third = await kb.ingest([corpus]);
    expect(third.updated.map((p) => p.split('/').pop())).toEqual(['canicule-bons-gestes.md']);
    expect(third.removed.map((p) => p.split('/').pop())).toEqual(['rosa-parks-parkings-et-velos.md']);
    expect(third.unchanged).toHaveLength(14);

    const answer = await kb.ask('Quel local est ouvert les jours de canicule ?');
    expect(answer.text).toMatch(/rue des Essais/);
    const gone = await kb.ask('A quelle heure ouvre le local vélo surveillé Parks + Cargo le matin ?', {
      quartier: 'rosa-parks',
    });
    expect(gone.sources.map((s) => s.file)).not.toContain('rosa-parks-parkings-et-velos.md');
  });

  it('answers with the sentence that holds the fact and cites its source; abstains on what the documents do not say', async () => {
    await kb.ingest([corpus]);
    const a = await kb.ask('La ZRC du Bas Belleville regroupe combien de copropriétés au total ?', {
      quartier: 'bas-belleville',
    });
    expect(a.abstained).toBe(false);
    expect(a.text).toMatch(/38 copropriétés/);
    expect(a.cited[0]?.file).toBe('zone-renovation-concertee-bas-belleville.md');

    const none = await kb.ask("Combien gagne un éco-gestionnaire de quartier, c'est quoi son salaire ?");
    expect(none.abstained).toBe(true);
    expect(none.text).toBe('');
  });

  it('abstains when the thing a "quel X" question asks for is named nowhere, and answers when it is a measure', async () => {
    await kb.ingest([corpus]);
    const brand = await kb.ask('Quelle marque de panneaux solaires a été choisie pour le projet du Parks ?', {
      quartier: 'rosa-parks',
    });
    expect(brand.abstained).toBe(true);
    const syndic = await kb.ask('Quel est le nom du syndic de la résidence du Pressoir ?', {
      quartier: 'bas-belleville',
    });
    expect(syndic.abstained).toBe(true);
    const power = await kb.ask('Les panneaux de la centrale du Parks, ça ferait quelle puissance ?', {
      quartier: 'rosa-parks',
    });
    expect(power.text).toMatch(/120 kWc/);
  });

  it(
    'finds the fact asked for: the sentence after the best one, ' +
      'a count written in words, a duration, an English question',
    async () => {
      await kb.ingest([corpus]);
      // The best sentence describes the symptoms; the one after it says whom to call.
      const call = await kb.ask("Ma voisine a la peau rouge et sèche et elle délire avec la chaleur, j'appelle qui ?");
      expect(call.text).toMatch(/Appeler le 15 \(SAMU\) ou le 112/);
      const count = await kb.ask('Un voisin relais suit combien de personnes au max ?', { quartier: 'ilot-13' });
      expect(count.text).toMatch(/une à trois personnes/);
      const walk = await kb.ask('How long does the thermal walk last?');
      expect(walk.text).toMatch(/Durée : environ 1 h 30/);
      const leave = await kb.ask('How do I opt out of the heatwave check-ins? Which email?', { quartier: 'ilot-13' });
      expect(leave.text).toMatch(/quitter le réseau.*ilot13@example\.org/);
      const visit = await kb.ask("Je voudrais passer voir l'éco-gestionnaire, c'est quel jour ?", {
        quartier: 'bas-belleville',
      });
      expect(visit.sources[0]?.file).toBe('eco-gestionnaire-role-et-objectifs.md');
      expect(visit.text).toMatch(/Bas-Belleville .* permanence le samedi/);
    },
  );

  it('answers "où" with a place, and the asker\'s own quartier first where the documents list all three', async () => {
    await kb.ingest([corpus]);
    const training = await kb.ask('Où se passe la formation des voisins relais ?', { quartier: 'ilot-13' });
    expect(training.text).toMatch(/formation des voisins relais.*local associatif/);
    const start = await kb.ask('Where does the Bas-Belleville thermal walk start?', { quartier: 'bas-belleville' });
    expect(start.text).toMatch(
      new RegExp(
        String.raw`^Bas-Belleville \(20e\).*Mercredi 3 février 2027, 18 h 30 : balade thermique \(1 h 30\), ` +
          'départ devant la maison de quartier, 20 passage Imaginaire',
      ),
    );
    expect(start.text).not.toMatch(/Ilot 13/);
    const walk = await kb.ask("La balade thermique de l'Ilot 13, c'est où le départ ?", { quartier: 'ilot-13' });
    expect(walk.text).toMatch(/^Ilot 13 \(13e\).*Mardi 19 janvier 2027, 18 h 30 : balade thermique/);
    expect(walk.text).not.toMatch(/Bas-Belleville|balade exploratoire/);
    const office = await kb.ask("c'est quand la permanence ?", { quartier: 'rosa-parks' });
    expect(office.text).toMatch(/Rosa Parks : Samir Démo .* permanence le jeudi de 12 h à 14 h/);
    expect(office.text).not.toMatch(/Claire Exemple|Jeanne Fictive/);
  });

  it("searches only the general documents and the asker's quartier", async () => {
    await kb.ingest([corpus]);
    const q = 'parcours de fraîcheur à pied combien de km';
    const inBelleville = await kb.ask(q, { quartier: 'bas-belleville' });
    expect(inBelleville.sources[0]?.file).toBe('ilots-de-chaleur-bas-belleville.html');
    const inIlot13 = await kb.ask(q, { quartier: 'ilot-13' });
    expect(inIlot13.sources.map((s) => s.file)).not.toContain('ilots-de-chaleur-bas-belleville.html');
  });

  it('skips an unreadable file without losing the others', async () => {
    writeFileSync(join(corpus, 'general/broken.pdf'), 'not a pdf at all');
    const report = await kb.ingest([corpus]);
    expect(report.added).toHaveLength(16);
    expect(report.skipped.some((s) => s.endsWith('broken.pdf'))).toBe(true);
  });
});
