import type { FeedDocument, PodcastChannel } from '../feed/feed-document.ts';
import type { PodcastShow } from './podcast-show.ts';
import { podcastGuidOf } from './podcast-guid.ts';

/**
 * A show's feed document with what its settings say: its title, description, language and page,
 * and the podcast channel the RSS renderer turns into iTunes and Podcasting 2.0 tags. Items are
 * untouched: an episode's guid is its post's `tag:` id, which never changes, even when the audio
 * moves to another URL.
 */
export function withPodcastShow(document: FeedDocument, show: PodcastShow): FeedDocument {
  return {
    ...document,
    title: show.title,
    description: show.description,
    language: show.language,
    homePageUrl: show.link ?? document.homePageUrl,
    ...(show.copyright === undefined ? {} : { copyright: show.copyright }),
    podcast: podcastChannelOf(show, document.links.rss),
  };
}

function podcastChannelOf(show: PodcastShow, rssUrl: string): PodcastChannel {
  return {
    guid: show.guid ?? podcastGuidOf(rssUrl),
    artworkUrl: show.artwork.url,
    category: { ...show.category },
    explicit: show.explicit,
    owner: { ...show.owner },
    author: show.author,
    type: show.type,
    ...(show.locked === undefined ? {} : { locked: show.locked }),
  };
}
