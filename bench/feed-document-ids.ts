import { z } from 'zod';
import type { FeedFormat } from '../shared/feed/feed-id.ts';

/** Only what the bench reads of a JSON Feed; the rest of the document is not its business. */
const JsonFeedItemsSchema = z.object({ items: z.array(z.object({ id: z.string() })) });

/** Item ids are `tag:<authority>:post/<postId>` (see build-feed-document.ts). */
const POST_ID_IN_ITEM_ID = /:post\/([^/]+)$/;

/** An RSS `<guid>` or Atom `<id>` holding an item id; the feed's own id names a feed, not a post. */
const POST_ID_IN_XML_ELEMENT = /<(?:guid|id)\b[^>]*>[^<]*:post\/([^<]+)<\//g;

/** Post ids in a JSON Feed document, in feed order (newest first). */
export function postIdsOfJsonFeed(body: string): string[] {
  const feed = JsonFeedItemsSchema.parse(JSON.parse(body));
  return feed.items.map((item) => {
    const postId = POST_ID_IN_ITEM_ID.exec(item.id)?.[1];
    if (postId === undefined) throw new Error(`JSON Feed item id ${item.id} does not name a post`);
    return postId;
  });
}

/**
 * Post ids of a document in any format, in document order. The XML formats are read by pattern:
 * the bench only compares orders of ids it wrote itself; validity is the tests' job.
 */
export function postIdsOfFeedDocument(format: FeedFormat, body: string): string[] {
  if (format === 'json') return postIdsOfJsonFeed(body);
  return [...body.matchAll(POST_ID_IN_XML_ELEMENT)].map((match) => match[1] as string);
}
