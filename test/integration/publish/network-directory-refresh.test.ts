import { afterEach, describe, expect, it } from 'vitest';
import { publicationSettingsKey } from '../../../shared/publication/publication-settings.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { internalError, interceptS3 } from '../../support/s3-fault-injection.ts';
import { testPublication } from '../../support/test-publication.ts';

describe('the network directory after a stream batch', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('never fails a batch when it cannot be written: the feeds are published and a warning says why', async () => {
    harness = await PublishHarness.create({
      instrumentS3: (s3) =>
        interceptS3(s3, async (input, realPut) => {
          if (input.Key?.startsWith('network/')) throw internalError();
          return realPut(input);
        }),
    });
    await harness.posts.put(makePost({ id: 'default-post' }));
    await harness.drain();
    expect(harness.invocations.map((invocation) => invocation.response)).toEqual([{ batchItemFailures: [] }]);
    expect(harness.invocations[0]?.publishedFeeds).toContain('all');
    expect(await harness.readObject('network/index.html')).toBeUndefined();
    expect(harness.log.withMessage('network directory not refreshed; feeds are published')).toHaveLength(1);
  });

  it('leaves out a publication with broken settings and lists the others', async () => {
    harness = await PublishHarness.create();
    await harness.publications.add(testPublication('ru'));
    const broken = { ...testPublication('kk'), tagAuthority: 'kk service' };
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { ...publicationSettingsKey('kk'), ...broken } });
    await harness.posts.put(makePost({ id: 'ru-post', publication: 'ru', language: 'ru', url: 'https://humanrights.example.org/ru/post' }));
    await harness.drain();
    const opml = (await harness.readObject('network/feeds.opml'))?.body ?? '';
    expect(opml).toContain('https://feeds.humanrights.example.org/pubs/ru/feeds/all/rss.xml');
    expect(opml).not.toContain('pubs/kk/');
  });
});
