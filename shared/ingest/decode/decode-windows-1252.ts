/**
 * The characters windows-1252 puts at 0x80–0x9F, where ISO-8859-1 has C1 controls; the five
 * bytes it leaves undefined stay controls, as in the WHATWG Encoding Standard's index.
 */
const HIGH_CONTROLS: Readonly<Record<string, string>> = {
  '\x80': '€', '\x82': '‚', '\x83': 'ƒ', '\x84': '„', '\x85': '…', '\x86': '†', '\x87': '‡', '\x88': 'ˆ',
  '\x89': '‰', '\x8a': 'Š', '\x8b': '‹', '\x8c': 'Œ', '\x8e': 'Ž', '\x91': '‘', '\x92': '’', '\x93': '“',
  '\x94': '”', '\x95': '•', '\x96': '–', '\x97': '—', '\x98': '˜', '\x99': '™', '\x9a': 'š', '\x9b': '›',
  '\x9c': 'œ', '\x9e': 'ž', '\x9f': 'Ÿ',
};

/**
 * windows-1252 bytes to text. Not TextDecoder: Node before 22 decodes this charset as
 * ISO-8859-1, so a feed's curly quotes would come out as controls on one Node and not another.
 */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (control) => HIGH_CONTROLS[control] ?? control);
}
