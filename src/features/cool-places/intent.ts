/**
 * Whether a typed question asks where to find somewhere cool ("où aller au frais ?", "un endroit climatisé près
 * de chez moi ?"): the FAQ's router will send these here rather than to the documents, once the feature contract
 * lets a feature claim questions. Deliberately narrow: a question *about* heat ("que faire en cas de canicule ?")
 * stays with the documents.
 */
export function asksForCoolPlace(text: string): boolean {
  const t = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, ' ');
  const place = /\b(ou|endroit|lieu|lieux|coin|adresse|where|place|places|spot)\b/;
  const cool =
    /\b(frais|fraiche|fraicheur|climatise|climatisee|climatisation|clim|ombre|cool|air.?condition\w*|rafraichir)\b/;
  const poolOrPark = /\b(piscine|parc|jardin|square|brumisateur|fontaine|pool|park|fountain)s?\b.*\b(ouvert|open)/;
  return (place.test(t) && cool.test(t)) || poolOrPark.test(t) || /\bilots? de fraicheur\b/.test(t);
}
