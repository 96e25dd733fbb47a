import type { FeedDocument, FeedItem, PodcastChannel } from './feed-document.ts';
import { xmlElement, xmlTextElement, type XmlChildInput, type XmlElement } from './xml-element.ts';

/** The chapters format Podcasting 2.0 defines; the only one podcast apps read. */
export const CHAPTERS_TYPE = 'application/json+chapters';

/**
 * A show's channel tags: what Apple Podcasts requires (artwork, category, explicit) and recommends
 * (author, owner, type), the RSS `image` for readers that know no iTunes tags, and Podcasting
 * 2.0's `podcast:guid` and `podcast:locked`.
 */
export function podcastChannelElements(doc: FeedDocument, podcast: PodcastChannel): XmlChildInput[] {
  const { category } = podcast;
  return [
    xmlElement('image', {}, xmlTextElement('url', podcast.artworkUrl), xmlTextElement('title', doc.title), xmlTextElement('link', doc.homePageUrl)),
    xmlTextElement('itunes:author', podcast.author),
    xmlElement('itunes:image', { href: podcast.artworkUrl }),
    xmlElement('itunes:category', { text: category.name }, category.subcategory ? xmlElement('itunes:category', { text: category.subcategory }) : undefined),
    xmlTextElement('itunes:explicit', String(podcast.explicit)),
    xmlElement('itunes:owner', {}, xmlTextElement('itunes:name', podcast.owner.name), xmlTextElement('itunes:email', podcast.owner.email)),
    xmlTextElement('itunes:type', podcast.type),
    xmlTextElement('podcast:guid', podcast.guid),
    podcast.locked === undefined ? undefined : xmlTextElement('podcast:locked', podcast.locked ? 'yes' : 'no', { owner: podcast.owner.email }),
  ];
}

/**
 * An item's podcast tags. Duration, transcript and chapters are written in every RSS feed (readers
 * with a player use them); the episode's number, season and type only in its show's feed, where
 * they mean something.
 */
export function podcastItemElements(item: FeedItem, inShowFeed: boolean): XmlElement[] {
  const elements: XmlElement[] = [];
  const duration = item.attachments?.[0]?.durationSeconds;
  if (duration !== undefined) elements.push(xmlTextElement('itunes:duration', String(duration)));
  const { episode } = item;
  if (inShowFeed && episode) {
    if (episode.number !== undefined) elements.push(xmlTextElement('itunes:episode', String(episode.number)));
    if (episode.season !== undefined) elements.push(xmlTextElement('itunes:season', String(episode.season)));
    elements.push(xmlTextElement('itunes:episodeType', episode.type ?? 'full'));
  }
  if (item.transcript) elements.push(xmlElement('podcast:transcript', { url: item.transcript.url, type: item.transcript.type }));
  if (item.chapters) elements.push(xmlElement('podcast:chapters', { url: item.chapters.url, type: CHAPTERS_TYPE }));
  return elements;
}
