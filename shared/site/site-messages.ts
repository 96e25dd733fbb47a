import { escapeHtml } from './html-escape.ts';
import { ENGLISH } from './messages/english.ts';
import { PERSIAN } from './messages/persian.ts';
import { RUSSIAN } from './messages/russian.ts';
import { textDirectionOf, type TextDirection } from './text-direction.ts';
import type { CatalogGroupKind } from './catalog-groups.ts';

/**
 * Every text the site's own pages write that does not come from a feed, in one language: the
 * subscribe pages, the index page, the feeds' browser view (XSL and CSS) and the network directory.
 */
export interface SiteMessages {
  /** The BCP 47 tag these texts are written in: the page's `lang`. */
  language: string;
  direction: TextDirection;
  allPosts: string;
  topic(label: string): string;
  partner(label: string): string;
  subscribeTo(feedName: string): string;
  whatIsAFeed: string;
  subscribeHeading: string;
  feedAddress: string;
  pasteHint: string;
  copy: string;
  copied: string;
  copyFailed: string;
  oneClickHeading: string;
  otherFormatsHeading: string;
  latestHeading: string;
  noItems: string;
  visitWebsite: string;
  allFeedsOf(siteTitle: string): string;

  /** The index page. */
  feedsOf(siteTitle: string): string;
  followAnyFeed: string;
  noFeedsYet: string;
  noItemsYet: string;
  groupHeadings: Record<CatalogGroupKind, string>;
  onTheWebsite: string;
  onTheWebsiteOf(feedName: string): string;
  allFeedsOpmlOf(siteTitle: string): string;
  everyFeedAtOnce: string;

  /** The browser view of a feed: the XSL page, and the CSS note for browsers without XSLT. */
  feedViewTitle(feedTitle: string, format: string): string;
  thisIsAWebFeed: string;
  webFeedExplained(format: string): string;
  aboutThisPage: string;
  subscribeInOneClick: string;
  feedArchive: string;
  currentFeed: string;
  newerItems: string;
  olderItems: string;
  feedCssNote: string;

  /** The network directory. */
  networkIntro: string;
  publicationsHeading: string;
  languageLabel: string;
  feedsHeading: string;
  everyPublicationAtOnce: string;
  feedsOfEveryPublication(networkTitle: string): string;
}

const BY_LANGUAGE = new Map(Object.entries({ en: ENGLISH, fa: PERSIAN, ru: RUSSIAN }));

/**
 * The texts for a site language, by primary subtag (`fa-IR` gets Persian). A language without
 * texts yet gets English, so the page's `lang` and `dir` describe the texts it actually shows;
 * the feed's own title and description keep their language (see `contentLanguage`).
 */
export function siteMessagesFor(language: string): SiteMessages {
  return BY_LANGUAGE.get(primarySubtagOf(language)) ?? ENGLISH;
}

/**
 * ` lang dir` attributes for text in the site's language when the page's texts are in another
 * one (a Kazakh site before its texts are translated), or nothing when they agree.
 */
export function contentLanguage(language: string, messages: SiteMessages): string {
  if (primarySubtagOf(language) === messages.language) return '';
  return ` lang="${escapeHtml(language)}" dir="${textDirectionOf(language)}"`;
}

function primarySubtagOf(language: string): string {
  return language.toLowerCase().split('-')[0] ?? '';
}
