import { describe, expect, it } from 'vitest';
import type { FeedFormat } from '../../../shared/feed/feed-id.ts';
import type { FeedPublishResult } from '../../../shared/publish/feed-publisher.ts';
import { HUB_PING_SETTLE_MS, publishStreamBatch, type BatchPublishing } from '../../../shared/publish/publish-stream-batch.ts';
import { CollectingLog } from '../../support/collecting-log.ts';

function published(feedId: string, written: FeedFormat[]): FeedPublishResult {
  const unchanged = (['rss', 'atom', 'json'] as const).filter((format) => !written.includes(format));
  return { feedId, written, unchanged, attempts: 1, itemCount: 1, archive: { pageCount: 0, closed: [], written: [], unchanged: [] } };
}

/** The batch's surroundings, recording what was asked of them and in which order. */
function recordingPublishing(siteIndexFails = false): BatchPublishing & { calls: string[]; log: CollectingLog } {
  const calls: string[] = [];
  return {
    calls,
    log: new CollectingLog(),
    siteIndex: {
      publish: async () => {
        calls.push('site index');
        if (siteIndexFails) throw Object.assign(new Error('injected AccessDenied'), { key: 'index.html' });
        return true;
      },
    },
    hubNotifier: {
      settle: async (withinMs) => {
        calls.push(`settle ${withinMs}`);
        return { abandoned: 0 };
      },
    },
  };
}

describe('publishStreamBatch: what every published batch does after its feeds', () => {
  it('refreshes the site index once when some feed was written, then settles the pings within the bound', async () => {
    const publishing = recordingPublishing();
    const outcome = { published: [published('all', []), published('topics/kazakhstan', ['atom'])] };

    expect(await publishStreamBatch(publishing, async () => outcome)).toBe(outcome);
    expect(publishing.calls).toEqual(['site index', `settle ${HUB_PING_SETTLE_MS}`]);
  });

  it('leaves the site index alone when every feed was unchanged, or none was regenerated', async () => {
    for (const outcome of [{ published: [published('all', [])] }, { published: [] }]) {
      const publishing = recordingPublishing();
      await publishStreamBatch(publishing, async () => outcome);
      expect(publishing.calls).toEqual([`settle ${HUB_PING_SETTLE_MS}`]);
    }
  });

  it('never fails the batch for the site index: the failure is a warning with its context', async () => {
    const publishing = recordingPublishing(true);
    const outcome = { published: [published('all', ['rss', 'atom', 'json'])] };

    expect(await publishStreamBatch(publishing, async () => outcome)).toBe(outcome);
    expect(publishing.log.withMessage('site index not refreshed; feeds are published')).toEqual([
      { level: 'warn', message: 'site index not refreshed; feeds are published', attributes: { error: { name: 'Error', message: 'injected AccessDenied', key: 'index.html' } } },
    ]);
    expect(publishing.calls).toEqual(['site index', `settle ${HUB_PING_SETTLE_MS}`]);
  });

  it('settles the pings already started when the regeneration throws, and rethrows', async () => {
    const publishing = recordingPublishing();
    await expect(publishStreamBatch(publishing, () => Promise.reject(new Error('membership update failed')))).rejects.toThrow('membership update failed');
    expect(publishing.calls).toEqual([`settle ${HUB_PING_SETTLE_MS}`]);
  });

  it('has nothing to settle without a hub', async () => {
    const { hubNotifier: _none, ...withoutHub } = recordingPublishing();
    await expect(publishStreamBatch(withoutHub, async () => ({ published: [published('all', ['json'])] }))).resolves.toBeDefined();
    expect(withoutHub.calls).toEqual(['site index']);
  });
});
