import { parseJsonFeed } from './json-feed-parser.ts';
import type { ParsedFeed } from './parsed-feed.ts';
import { parseXmlFeed } from './xml-feed-parser.ts';

/**
 * Picks the parser by content, not by label: partners serve feeds as text/html, text/plain or
 * application/octet-stream often enough. A JSON Feed starts with `{`; anything else is XML.
 */
export async function parseFeed(text: string): Promise<ParsedFeed> {
  const start = text.replace(/^[\uFEFF\s]+/, '').charAt(0);
  return start === '{' ? parseJsonFeed(text) : parseXmlFeed(text);
}
