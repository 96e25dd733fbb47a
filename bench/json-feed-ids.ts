import { z } from 'zod';

/** Only what the bench reads of a JSON Feed; the rest of the document is not its business. */
const JsonFeedItemsSchema = z.object({ items: z.array(z.object({ id: z.string() })) });

/** Item ids are `tag:<authority>:post/<postId>` (see build-feed-document.ts). */
const POST_ID_IN_ITEM_ID = /:post\/([^/]+)$/;

/** Post ids in a JSON Feed document, in feed order (newest first). */
export function postIdsOfJsonFeed(body: string): string[] {
  const feed = JsonFeedItemsSchema.parse(JSON.parse(body));
  return feed.items.map((item) => {
    const postId = POST_ID_IN_ITEM_ID.exec(item.id)?.[1];
    if (postId === undefined) throw new Error(`JSON Feed item id ${item.id} does not name a post`);
    return postId;
  });
}
