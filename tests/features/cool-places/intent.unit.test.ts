import { describe, expect, it } from 'vitest';
import { asksForCoolPlace } from '../../../src/features/cool-places/intent.js';

describe('a question asking for a cool place', () => {
  it.each([
    'où aller au frais ?',
    'Où aller au frais ?',
    'un endroit climatisé près de chez moi ?',
    'il y a un lieu frais pas loin ?',
    'quels parcs sont ouverts la nuit ?',
    'la piscine est ouverte ?',
    'où sont les îlots de fraîcheur du quartier ?',
    'where can I find an air-conditioned place?',
    'any cool place near me?',
  ])('"%s" is one', (q) => {
    expect(asksForCoolPlace(q)).toBe(true);
  });

  it.each([
    'que faire en cas de canicule ?',
    "c'est quoi un DTG ?",
    'comment garder mon appartement frais ?',
    'quand est la prochaine réunion ?',
    'où est la maison du projet ?',
  ])('"%s" is not', (q) => {
    expect(asksForCoolPlace(q)).toBe(false);
  });
});
