import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../shared/aws/aws-clients.ts';
import { SdkDocumentTable } from '../../../shared/aws/sdk-document-table.ts';
import type { SiteConfig } from '../../../shared/config/site-config.ts';
import { SILENT_LOG } from '../../../shared/log/event-log.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { createPublicationRecovery } from '../../../shared/recovery/recovery-pipeline.ts';
import type { DocumentTable } from '../../../shared/store/document-table.ts';
import { scanTable } from '../../../shared/store/table-scan.ts';
import { makePost } from '../../support/post-factory.ts';
import { exportPrePublicationTree, type PrePublicationTree } from '../../support/pre-publication-tree.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

/** The clients of the single-site code: the SDK's DocumentClient, from before the stores' port. */
type SingleSiteClients = Omit<AwsClients, 'documents'> & { documents: DynamoDBDocumentClient };

/** What the single-site code's test harness offers (its shape at PRE_PUBLICATION_COMMIT). */
interface SingleSiteHarness {
  clients: SingleSiteClients;
  tableName: string;
  bucketName: string;
  site: SiteConfig;
  posts: { put(post: Post): Promise<void>; delete(postId: string): Promise<boolean> };
  drain(): Promise<void>;
  close(): Promise<void>;
}
interface SingleSiteHarnessModule {
  PublishHarness: { create(options: { site?: Partial<SiteConfig> }): Promise<SingleSiteHarness> };
}
interface SingleSiteRecoveryModule {
  createFeedRebuild(options: { clients: SingleSiteClients; tableName: string; bucketName: string; site: SiteConfig; log: typeof SILENT_LOG }): {
    rebuild: { rebuildAll(): Promise<{ failed: unknown[] }> };
  };
}

interface StoredObject {
  etag: string;
  body: string;
}

/**
 * The pages around the feeds that the publication work deliberately restyled (texts, `lang` and
 * `dir` from the site's language): a rebuild writes them once. No feed document, archive page or
 * subscribe page is among them, so no feed reader sees a changed byte or ETag.
 */
const RESTYLED_SITE_PAGES = ['index.html', 'assets/feed.xsl', 'assets/feed.css'];

/** Three items a feed, so the histories below close RFC 5005 archive pages. */
const SITE = { itemsPerFeed: 3 };
const topics = [
  { slug: 'kazakhstan', label: 'Kazakhstan' },
  { slug: 'press-freedom', label: 'Press freedom' },
  { slug: 'labour', label: 'Labour rights' },
];

function story(index: number): Post {
  const day = String(index + 1).padStart(2, '0');
  return makePost({
    id: `dispatch-${day}`,
    title: `Dispatch ${day}: a hearing, a fine, a reporter waiting`,
    url: `https://humanrights.example.org/2026/10/dispatch-${day}`,
    topics: [topics[index % 3], ...(index % 4 === 0 ? [topics[(index + 1) % 3]] : [])].filter((topic) => topic !== undefined),
    publishedAt: `2026-10-${day}T06:00:00Z`,
    updatedAt: `2026-10-${day}T06:30:00Z`,
  });
}

describe('upgrade: a table and bucket written by the single-site code', () => {
  let tree: PrePublicationTree;
  let written: { tableName: string; bucketName: string };
  let before: Map<string, StoredObject>;
  let tableBefore: Map<string, string>;
  let harness: PublishHarness | undefined;

  beforeAll(async () => {
    tree = await exportPrePublicationTree();
    const { PublishHarness: SingleSite } = await tree.load<SingleSiteHarnessModule>('test/support/publish-harness.ts');
    const old = await SingleSite.create({ site: SITE });
    try {
      for (let index = 0; index < 14; index += 1) await old.posts.put(story(index));
      await old.posts.put({ ...story(2), title: 'Dispatch 03: the hearing is adjourned' });
      await old.posts.delete('dispatch-06');
      await old.drain();
      const { createFeedRebuild } = await tree.load<SingleSiteRecoveryModule>('shared/recovery/recovery-pipeline.ts');
      const oldRebuild = await createFeedRebuild({ clients: old.clients, tableName: old.tableName, bucketName: old.bucketName, site: old.site, log: SILENT_LOG }).rebuild.rebuildAll();
      expect(oldRebuild.failed).toEqual([]);
      written = { tableName: old.tableName, bucketName: old.bucketName };
      before = await storedObjects(old.clients, old.bucketName);
      tableBefore = await tableItems(new SdkDocumentTable(old.clients.documents), old.tableName);
    } finally {
      await old.close();
    }
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
    tree?.remove();
  });

  it('wrote archives, index page and OPML to compare against', () => {
    expect([...before.keys()]).toEqual(expect.arrayContaining(['index.html', 'feeds.opml', 'assets/feed.xsl', 'feeds/all/rss.xml', 'feeds/all/archive/1/atom.xml']));
    expect(before.size).toBeGreaterThan(40);
  });

  it('republishes the whole stream through the new per-publication path without one PUT', async () => {
    harness = await PublishHarness.create({ site: SITE, existing: written, batchSize: 1000 });
    await harness.drain();
    expect(harness.invocations.length).toBeGreaterThan(0);
    expect(harness.invocations.flatMap((invocation) => invocation.response.batchItemFailures)).toEqual([]);
    expect(harness.puts).toEqual([]);
    expect(await storedObjects(harness.clients, written.bucketName)).toEqual(before);
    expect(await tableItems(harness.clients.documents, written.tableName)).toEqual(tableBefore);
  });

  it('rebuilds the default publication, archives included, leaving every feed document byte-identical', async () => {
    const current = harness as PublishHarness;
    current.puts.length = 0;
    const options = { clients: current.clients, tableName: written.tableName, bucketName: written.bucketName, site: current.site, log: SILENT_LOG };
    const report = await (await createPublicationRecovery(options, 'default')).rebuild.rebuildAll();
    expect(report.failed).toEqual([]);
    expect(report.postsReconciled).toBe(0);
    expect(report.published.length).toBeGreaterThan(3);
    expect(report.published.flatMap((result) => [...result.written, ...result.archive.written])).toEqual([]);
    expect(current.puts.sort()).toEqual([...RESTYLED_SITE_PAGES].sort());
    const after = await storedObjects(current.clients, written.bucketName);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, object] of before) if (!RESTYLED_SITE_PAGES.includes(key)) expect(after.get(key), key).toEqual(object);
  });
});

/** Every object of the bucket with its ETag and bytes. */
async function storedObjects(clients: Pick<AwsClients, 's3'>, bucketName: string): Promise<Map<string, StoredObject>> {
  const objects = new Map<string, StoredObject>();
  for await (const page of paginateListObjectsV2({ client: clients.s3 }, { Bucket: bucketName })) {
    for (const { Key: key } of page.Contents ?? []) {
      if (!key) continue;
      const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
      objects.set(key, { etag: object.ETag ?? '', body: (await object.Body?.transformToString('utf-8')) ?? '' });
    }
  }
  return objects;
}

/** Every item of the table, keyed by its keys, as JSON. */
async function tableItems(documents: DocumentTable, tableName: string): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  for await (const item of scanTable(documents, tableName)) items.set(`${String(item.pk)}\n${String(item.sk)}`, JSON.stringify(sortedKeys(item)));
  return items;
}

/** Attribute order is no part of an item: compare with keys sorted at every level. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => [key, sortedKeys(inner)]));
}
