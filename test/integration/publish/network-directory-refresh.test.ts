import { afterEach, describe, expect, it } from 'vitest';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { testPublication } from '../../support/test-publication.ts';

describe('the network directory after a stream batch', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('is refreshed once per batch that wrote a feed, whichever publication wrote it', async () => {
    let refreshes = 0;
    harness = await PublishHarness.create({ directory: { publish: async () => (refreshes += 1) > 0 } });
    await harness.publications.add(testPublication('fa'));
    await harness.posts.put(makePost({ id: 'fa-post', publication: 'fa', language: 'fa', url: 'https://humanrights.example.org/fa/post' }));
    await harness.drain();
    expect(harness.invocations).toHaveLength(1);
    expect(refreshes).toBe(1);
  });

  it('never fails a batch when it cannot be written: the feeds are published and a warning says why', async () => {
    harness = await PublishHarness.create({
      directory: {
        publish: async () => {
          throw new Error('network/ PUT refused');
        },
      },
    });
    await harness.posts.put(makePost({ id: 'default-post' }));
    await harness.drain();
    expect(harness.invocations.map((invocation) => invocation.response)).toEqual([{ batchItemFailures: [] }]);
    expect(harness.invocations[0]?.publishedFeeds).toContain('all');
    expect(harness.log.withMessage('network directory not refreshed; feeds are published')).toHaveLength(1);
  });
});
