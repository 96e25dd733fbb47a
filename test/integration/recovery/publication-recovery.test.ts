import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SILENT_LOG } from '../../../shared/log/event-log.ts';
import { createDlqReplay, createPublicationRecovery, PublicationUnavailableError } from '../../../shared/recovery/recovery-pipeline.ts';
import { membershipKey } from '../../../shared/store/feed-membership-store.ts';
import { FailedBatchDirectory } from '../../../local/failed-batch-directory.ts';
import { EMULATOR_REGION, createEmulatorStreamsClient } from '../../support/emulator-clients.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { testPublication } from '../../support/test-publication.ts';

const ukraine = { slug: 'ukraine', label: 'Україна' };

function ukrainianPost(id: string, title: string) {
  return makePost({ id, publication: 'uk', language: 'uk', title, url: `https://humanrights.example.org/uk/${id}`, topics: [ukraine] });
}

describe('recovery of one publication', () => {
  let harness: PublishHarness;
  beforeEach(async () => {
    harness = await PublishHarness.create();
  });
  afterEach(async () => {
    await harness?.close();
  });

  function options() {
    return { clients: harness.clients, tableName: harness.tableName, bucketName: harness.bucketName, site: harness.site, log: SILENT_LOG };
  }

  it('rebuilds one publication from its own posts and touches no other publication’s items or objects', async () => {
    await harness.publications.add(testPublication('uk'));
    const lost = ukrainianPost('sud-vidklav-rozghliad', 'Суд відклав розгляд справи журналістки');
    await harness.posts.put(lost);
    await harness.posts.put(ukrainianPost('pravozakhysnyky-vymahaiut', 'Правозахисники вимагають доступу до ув’язнених'));
    await harness.posts.put(makePost({ id: 'default-hearing', topics: [ukraine] }));
    await harness.drain();
    // A lost membership item of the publication: the rebuild must find it missing and restore it.
    await harness.clients.documents.delete({ TableName: harness.tableName, Key: membershipKey('all', lost.publishedAt, lost.id, 'uk') });

    harness.puts.length = 0;
    const { rebuild } = await createPublicationRecovery(options(), 'uk');
    const report = await rebuild.rebuildAll();

    expect(report.postsScanned).toBe(2);
    expect(report.postsReconciled).toBe(1);
    expect(report.membershipPuts).toBeGreaterThan(0);
    expect(report.published.map((result) => result.feedId).sort()).toEqual(['all', 'topics/ukraine']);
    expect(harness.puts.filter((key) => !key.startsWith('pubs/uk/'))).toEqual([]);
    expect(await harness.idsInFeed('all', 'uk')).toEqual(['sud-vidklav-rozghliad', 'pravozakhysnyky-vymahaiut']);
    expect(await harness.idsInFeed('topics/ukraine')).toEqual(['default-hearing']);
  });

  it('refuses to rebuild a publication whose settings are missing, naming it', async () => {
    await expect(createPublicationRecovery(options(), 'uk')).rejects.toThrow(PublicationUnavailableError);
  });

  it('replays parked records into their own publication once its settings exist, and keeps them queued until then', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'feedline-dlq-'));
    const streams = createEmulatorStreamsClient();
    try {
      const queue = new FailedBatchDirectory(folder);
      await harness.posts.put(ukrainianPost('vyrok-blohera', 'Вирок блогеру оскаржать'));
      await harness.drain();
      expect(harness.failedBatches.length).toBeGreaterThan(0);
      for (const failure of harness.failedBatches) await queue.add(failure);

      const early = await createDlqReplay({ ...options(), queue, streams, region: EMULATOR_REGION }).run();
      expect(early.outcomes).toEqual([expect.objectContaining({ kind: 'failed', failedFeeds: ['uk:*'] })]);
      expect(await queue.receive()).toHaveLength(1);

      await harness.publications.add(testPublication('uk'));
      const report = await createDlqReplay({ ...options(), queue, streams, region: EMULATOR_REGION }).run();
      expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'replayed', postIds: ['uk/vyrok-blohera'] })]);
      expect(await harness.idsInFeed('topics/ukraine', 'uk')).toEqual(['vyrok-blohera']);
      expect(await harness.idsInFeed('all')).toBeUndefined();
      expect(await queue.receive()).toEqual([]);
    } finally {
      streams.destroy();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
