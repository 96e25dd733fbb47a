import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { HttpDocumentTable } from '../../../shared/aws/http-document-table.ts';
import { ALL_FEED } from '../../../shared/feed/feed-id.ts';
import { FeedMembershipStore } from '../../../shared/store/feed-membership-store.ts';
import { createEmulatorClients, destroyClients, EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { makePost } from '../../support/post-factory.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

/**
 * A feed's newest posts and its tail's keys are each one Query, and DynamoDB stops a Query page at
 * 1 MB of items read whatever its Limit or projection: long reports (a post may hold 300 KB of
 * content) fill a page before `itemsPerFeed` do.
 */
const clients = createEmulatorClients();
const TableName = uniqueResourceName('feed-membership-long-posts');
/** The functions' adapter, as the stream function reads the feed. */
const documents = new HttpDocumentTable({ region: EMULATOR_REGION, endpoint: inject('dynamoDbEndpoint'), credentials: { ...EMULATOR_CREDENTIALS } });
const store = new FeedMembershipStore(documents, TableName);

const PARAGRAPH =
  '<p>Relatives waited outside the district court from early morning, holding photographs of the detained organisers and asking to be let into the hearing room.</p>';

/** About 120 KB of content, so ten of them are over a Query page. */
function longReport(day: number) {
  return makePost({
    id: `detention-report-${day}`,
    title: `Detention monitoring report, day ${day}`,
    contentHtml: PARAGRAPH.repeat(Math.ceil(120_000 / PARAGRAPH.length)),
    publishedAt: `2026-11-${String(day).padStart(2, '0')}T09:00:00Z`,
    updatedAt: `2026-11-${String(day).padStart(2, '0')}T09:00:00Z`,
  });
}

/** Fourteen long reports in the feed, 1 to 14 November, about 1.7 MB. */
const posts = Array.from({ length: 14 }, (_, index) => longReport(index + 1));

beforeAll(async () => {
  await createTable(clients.dynamoDb, TableName);
  await store.apply(posts.map((post) => ({ kind: 'put' as const, feedId: ALL_FEED, post })));
});

afterAll(() => destroyClients(clients));

describe('FeedMembershipStore.newest', () => {
  it('returns the newest N posts of a feed, newest first, when they are more than one 1 MB Query page', async () => {
    const newest = await store.newest(ALL_FEED, 12);

    expect(newest.map((post) => post.id)).toEqual(posts.slice(2).reverse().map((post) => post.id));
  });
});

describe('FeedMembershipStore.sortKeysFrom', () => {
  it('returns `limit` keys of a tail of long posts: the 1 MB a page counts whole items, not the projected keys', async () => {
    const keys = await store.sortKeysFrom(ALL_FEED, '', 12);

    expect(keys).toEqual(posts.slice(0, 12).map((post) => `${post.publishedAt}#${post.id}`));
  });
});
