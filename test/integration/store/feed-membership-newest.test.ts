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
 * A feed's newest posts are one Query, and DynamoDB stops a Query page at 1 MB whatever its
 * Limit: long reports (a post may hold 300 KB of content) fill a page before `itemsPerFeed` do.
 */
const clients = createEmulatorClients();
const TableName = uniqueResourceName('feed-membership-newest');
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

beforeAll(async () => {
  await createTable(clients.dynamoDb, TableName);
});

afterAll(() => destroyClients(clients));

describe('FeedMembershipStore.newest', () => {
  it('returns the newest N posts of a feed, newest first, when they are more than one 1 MB Query page', async () => {
    const posts = Array.from({ length: 14 }, (_, index) => longReport(index + 1));
    await store.apply(posts.map((post) => ({ kind: 'put' as const, feedId: ALL_FEED, post })));

    const newest = await store.newest(ALL_FEED, 12);

    expect(newest.map((post) => post.id)).toEqual(posts.slice(2).reverse().map((post) => post.id));
  });
});
