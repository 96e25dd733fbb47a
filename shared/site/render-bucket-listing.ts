import { FEED_MEDIA_TYPES, type FeedFormat } from '../feed/feed-id.ts';
import type { FeedListing } from './feed-listing.ts';
import { escapeHtml } from './html-escape.ts';
import { objectPath } from './object-path.ts';

export interface BucketListing {
  /** Heading and `<title>`; the site title in `npm start`. */
  title: string;
  feeds: readonly FeedListing[];
}

const FORMAT_LABELS: Record<FeedFormat, string> = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed' };

/**
 * The local feed server's stand-in for `index.html` while the pipeline has not published one (an
 * empty bucket, or objects put by hand): every feed file in the bucket with a link per format and
 * `<link rel="alternate">` autodiscovery entries. The published page is `render-index-page.ts`.
 */
export function renderBucketListing(page: BucketListing): string {
  const title = escapeHtml(page.title);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${title}</title>`,
    ...page.feeds.flatMap(autodiscoveryLinks),
    '</head>',
    '<body>',
    `<h1>${title}</h1>`,
    page.feeds.length === 0 ? '<p>No feeds published yet.</p>' : feedList(page.feeds),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function autodiscoveryLinks(feed: FeedListing): string[] {
  return feed.files.map(
    (file) =>
      `<link rel="alternate" type="${FEED_MEDIA_TYPES[file.format]}" title="${escapeHtml(`${feed.feedId} (${FORMAT_LABELS[file.format]})`)}" href="${escapeHtml(objectPath(file.key))}">`,
  );
}

function feedList(feeds: readonly FeedListing[]): string {
  const items = feeds.map((feed) => {
    const links = feed.files.map((file) => {
      const updated = file.lastModified ? ` <time datetime="${file.lastModified.toISOString()}">${file.lastModified.toISOString()}</time>` : '';
      return `<li><a href="${escapeHtml(objectPath(file.key))}" type="${FEED_MEDIA_TYPES[file.format]}">${FORMAT_LABELS[file.format]}</a>${updated}</li>`;
    });
    return `<li><h2>${escapeHtml(feed.feedId)}</h2>\n<ul>\n${links.join('\n')}\n</ul></li>`;
  });
  return `<ul>\n${items.join('\n')}\n</ul>`;
}
