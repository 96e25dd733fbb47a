import { describe, expect, it } from 'vitest';
import { buildCurrentDocument } from '../../shared/feed/build-feed-document.ts';
import { feedsOfPost } from '../../shared/feed/feed-id.ts';
import { renderRss } from '../../shared/feed/render-rss.ts';
import { withPodcastShow } from '../../shared/podcast/podcast-document.ts';
import { loadSamplePosts } from '../../local/sample-posts.ts';
import { loadSampleShows } from '../../local/sample-shows.ts';
import { applePodcastProblems } from '../support/apple-podcast-requirements.ts';
import { testSite } from '../support/test-site.ts';

describe('the sample podcast npm start seeds', () => {
  it('is one show of the default publication with three episodes, whose feed meets every Apple requirement we check', async () => {
    const [show, ...others] = await loadSampleShows();
    expect(others).toEqual([]);
    expect(show?.publicationId).toBe('default');
    const episodes = (await loadSamplePosts()).filter((post) => feedsOfPost(post).includes(`shows/${show?.id}`));
    expect(episodes).toHaveLength(3);
    if (show === undefined) return;
    const rss = renderRss(withPodcastShow(buildCurrentDocument(`shows/${show.id}`, episodes, 0, testSite()), show));
    expect(applePodcastProblems(rss)).toEqual([]);
  });
});
