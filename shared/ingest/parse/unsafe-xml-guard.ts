import { IngestError } from '../ingest-error.ts';

export class UnsafeXmlError extends IngestError {
  override readonly name = 'UnsafeXmlError';
  constructor(detail: string) {
    super('unsafe-xml', `refused to parse: ${detail}`);
  }
}

/** The first element start ends the prolog; a DOCTYPE and its internal subset can only come before. */
const FIRST_ELEMENT = /<[A-Za-z_]/;

/**
 * Refuses documents that declare entities in their DOCTYPE. Entity declarations are how the
 * billion-laughs attack (nested entities expanding to gigabytes) and XXE (external entities
 * reading local files) work, and no real feed needs them. Checked on the prolog only, so an
 * article that quotes `<!ENTITY` inside its content is fine.
 */
export function assertNoEntityDeclarations(xml: string): void {
  const rootStart = xml.search(FIRST_ELEMENT);
  const prolog = rootStart === -1 ? xml : xml.slice(0, rootStart);
  if (/<!ENTITY/i.test(prolog)) throw new UnsafeXmlError('the document declares XML entities in its DOCTYPE (entity expansion attack)');
}
