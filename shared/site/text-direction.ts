export type TextDirection = 'ltr' | 'rtl';

/**
 * Languages written right to left, by primary subtag (ISO 639). Uyghur, Persian, Arabic and Urdu
 * are all published in the region this site covers; the rest complete the common set.
 */
const RIGHT_TO_LEFT = new Set(['ar', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** The direction of a BCP 47 language tag; a script subtag wins (`ug-Cyrl` is left to right). */
export function textDirectionOf(language: string): TextDirection {
  const [primary = '', ...subtags] = language.toLowerCase().split('-');
  const script = subtags.find((subtag) => subtag.length === 4);
  if (script !== undefined) return ['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm'].includes(script) ? 'rtl' : 'ltr';
  return RIGHT_TO_LEFT.has(primary) ? 'rtl' : 'ltr';
}
