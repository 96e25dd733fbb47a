import { cleanXmlText } from '../../post/xml-text.ts';
import { IngestError } from '../ingest-error.ts';
import type { SkippedLinks } from './atom-links.ts';
import { atomMapping } from './atom-mapping.ts';
import type { ParsedFeed, ParsedItem } from './parsed-feed.ts';
import { FeedParseError } from './parse-error.ts';
import { rssMapping } from './rss-mapping.ts';
import { assertNoEntityDeclarations } from './unsafe-xml-guard.ts';
import { xmlFeedFormatOf, type XmlFeedFormat } from './xml-feed-format.ts';
import type { XmlFeedMapping } from './xml-feed-mapping.ts';
import { readXmlNodes } from './xml-node-reader.ts';
import { describeError } from '../../errors/error-description.ts';

/**
 * RSS 0.9x/1.0/2.0 and Atom 1.0/0.3 (feeds and entry documents), read in one pass of a strict,
 * namespace-aware XML parser: the root element decides the format, each item is mapped as it
 * closes, and the hub and self links come out of the same pass. Entity declarations are refused
 * before anything is parsed.
 *
 * @throws UnsafeXmlError for a document that declares entities.
 * @throws FeedParseError for anything else that cannot be read, naming the format, line and column.
 */
export function parseXmlFeed(xml: string): ParsedFeed {
  const text = xml.replace(/^[\uFEFF\s]+/, '');
  assertNoEntityDeclarations(text);
  const items: ParsedItem[] = [];
  const skipped: SkippedLinks = { withoutHref: 0 };
  let format: XmlFeedFormat | undefined;
  let mapping: XmlFeedMapping | undefined;
  try {
    // Control characters are not XML, but feeds carry them and readers shrug: dropped, not fatal.
    const { root, warnings } = readXmlNodes(cleanXmlText(text), (rootNode, position) => {
      format = xmlFeedFormatOf(rootNode, position);
      const chosen = format.family === 'atom' ? atomMapping(format.document, skipped) : rssMapping(skipped);
      mapping = chosen;
      return { label: format.label, isItem: chosen.isItem, onItem: (node) => items.push(chosen.item(node)) };
    });
    if (mapping === undefined || format === undefined) throw new FeedParseError('XML parse error: the document has no root element');
    if (mapping.rootIsItem) items.push(mapping.item(root));
    return {
      format: format.family === 'atom' ? 'atom' : 'rss',
      ...mapping.head(root),
      items,
      malformedItems: 0,
      warnings: skipped.withoutHref > 0 ? [...warnings, `skipped ${skipped.withoutHref} Atom <link> elements without href`] : warnings,
    };
  } catch (error) {
    if (error instanceof IngestError) throw error;
    // A mapping bug must still reach the subscription as a parse error naming the format, not a raw TypeError.
    const reason = describeError(error);
    throw new FeedParseError(`could not map the ${format?.label ?? 'XML'} document: ${reason}`, undefined, undefined, error);
  }
}
