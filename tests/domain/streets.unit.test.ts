import { describe, expect, it } from 'vitest';
import { canonicalAddress, closeStreets } from '../../src/domain/streets.js';
import { addressKeys } from '../../src/features/network/volunteerMatching.js';

describe("the quartiers' streets", () => {
  it.each([
    ['45 r aubervilliers', "45 rue d'Aubervilliers"],
    ["45, rue d'Aubervilliers", "45 rue d'Aubervilliers"],
    ['45 RUE D’AUBERVILLIERS 75019 Paris', "45 rue d'Aubervilliers"],
    ['45bis r. d aubervilliers', "45 bis rue d'Aubervilliers"],
    ['12 ter bd de belleville', '12 ter boulevard de Belleville'],
    ['3 av de la pte d aubervilliers', "3 avenue de la Porte d'Aubervilliers"],
    ['8 rue cesaria evora', '8 rue Césaria Évora'],
    ['20 fbg du temple', '20 rue du Faubourg du Temple'],
    ['7 pl jeanne d arc', "7 place Jeanne d'Arc"],
    ['5 imp. x', undefined],
    ['aubervilliers', undefined], // a lone word is no address
    ["rue d'aubervilliers", "rue d'Aubervilliers"],
  ])('"%s" is %s', (typed, expected) => {
    expect(canonicalAddress(typed, 'rosa-parks')?.address).toBe(expected);
  });

  it('gives the postcode of the street', () => {
    expect(canonicalAddress('4 rue de l orillon', 'bas-belleville')?.postcode).toBe('75011');
    expect(canonicalAddress('4 rue ramponeau', 'bas-belleville')?.postcode).toBe('75020');
    expect(canonicalAddress('4 rue du chevaleret', 'ilot-13')?.postcode).toBe('75013');
  });

  it('suggests the close streets of the quartier for a misspelt one, nothing for an unknown one', () => {
    expect(closeStreets("45 rue d'Auberviliers", 'rosa-parks').map((s) => s.name)).toContain("rue d'Aubervilliers");
    expect(closeStreets('12 rue Chevalleret', 'ilot-13').map((s) => s.name)).toEqual(['rue du Chevaleret']);
    expect(closeStreets('12 rue des Lilas', 'ilot-13')).toEqual([]);
  });

  it('pairs "45 r aubervilliers" and "45, rue d\'Aubervilliers" as one building', () => {
    expect(addressKeys('45 r aubervilliers').building).toBe(addressKeys("45, rue d'Aubervilliers").building);
    expect(addressKeys('45 r aubervilliers').building).not.toBe(addressKeys("47 rue d'Aubervilliers").building);
    expect(addressKeys('9 r des lilas').street).toBe(addressKeys('5, rue des Lilas').street);
  });
});
