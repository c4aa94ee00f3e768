import { describe, expect, it } from 'vitest';
import { analyzeGroups } from '../../src/knowledge/analyzer.js';
import { countedThing, countsThing, expectedAnswerType, newFactTest } from '../../src/knowledge/answerTypes.js';

describe('what a question asks for', () => {
  it('a figure of the thing counted: "12 bacs" answers "combien de bacs", "des bacs, 12 au total" does not', () => {
    const counted = countedThing('combien de bacs dans le potager ?', analyzeGroups);
    expect(counted).toBeDefined();
    expect(countsThing('Le projet prévoit 12 bacs surélevés.', counted!, analyzeGroups)).toBe(true);
    expect(countsThing('Le projet prévoit deux bacs accessibles.', counted!, analyzeGroups)).toBe(true);
    expect(countsThing('Il y aura des bacs : 12 au total.', counted!, analyzeGroups)).toBe(false);
    expect(countsThing('Ouverture à 7 h 30 du local vélo.', counted!, analyzeGroups)).toBe(false);
  });

  it('"combien de temps" and "how many" are read as they are meant', () => {
    expect(countedThing('ça prend combien de temps ?', analyzeGroups)).toBeUndefined();
    expect(countedThing('How many stops on the walk?', analyzeGroups)).toBeDefined();
    expect(countedThing('Où est la salle ?', analyzeGroups)).toBeUndefined();
  });

  it('a name the question does not already say: « copropriétaire ambassadeur » does not name the ambassador', () => {
    const question = "qui est l'ambassadeur de l'îlot C ?";
    const wanted = expectedAnswerType(question)!;
    expect(newFactTest(question, wanted)('Chaque îlot choisit un « copropriétaire ambassadeur ».')).toBe(false);
    expect(newFactTest(question, wanted)("L'ambassadeur de l'îlot C est Paul Exemple.")).toBe(true);
  });

  it('"quel est le nom de…" asks for a name; a temperature asks for degrees', () => {
    const named = expectedAnswerType('Quel est le nom de la copropriété pilote ?')!;
    expect(
      newFactTest('Quel est le nom de la copropriété ?', named)('La résidence « Les Cèdres » a été rénovée.'),
    ).toBe(true);
    const degrees = expectedAnswerType('À partir de combien de degrés la vigilance est rouge ?')!;
    expect(degrees.test('un écart de 10 °C entre dedans et dehors')).toBe(true);
    expect(degrees.test('Vigilance rouge : canicule extrême.')).toBe(false);
  });
});
