import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteConfig } from '../../shared/config/site-config.ts';
import { feedObjectKey, type FeedFormat, type FeedId } from '../../shared/feed/feed-id.ts';
import { childrenNamed, parseStrictXml, type ParsedElement } from '../unit/feed/strict-xml-tree.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const FH = 'http://purl.org/syndication/history/1.0';

/** One document of a feed as a reader sees it: its RFC 5005 links and the post ids it lists. */
export interface ChainDocument {
  key: string;
  postIds: string[];
  archive: boolean;
  links: { current?: string; prevArchive?: string; nextArchive?: string };
}

/** A feed walked from its subscription document through every older archive page. */
export interface ArchiveChain {
  currentDocument: ChainDocument;
  /** Newest page first, as a reader meets them. */
  pages: ChainDocument[];
}

export class ArchiveChainReader {
  constructor(
    private readonly s3: S3Client,
    private readonly bucketName: string,
    private readonly site: SiteConfig,
  ) {}

  /** Follows `prev-archive` (JSON: `next_url`) until a page has none; throws on a loop or a dead link. */
  async walk(feedId: FeedId, format: FeedFormat): Promise<ArchiveChain> {
    const currentDocument = await this.read(feedObjectKey(feedId, format), format);
    const pages: ChainDocument[] = [];
    const seen = new Set<string>([currentDocument.key]);
    let next = currentDocument.links.prevArchive;
    while (next !== undefined) {
      const key = this.keyOf(next);
      if (seen.has(key)) throw new Error(`archive chain of ${feedId} (${format}) loops at ${key}`);
      seen.add(key);
      const page = await this.read(key, format);
      pages.push(page);
      next = page.links.prevArchive;
    }
    return { currentDocument, pages };
  }

  keyOf(url: string): string {
    if (!url.startsWith(this.site.feedBaseUrl)) throw new Error(`${url} is not under ${this.site.feedBaseUrl}`);
    return url.slice(this.site.feedBaseUrl.length);
  }

  async read(key: string, format: FeedFormat): Promise<ChainDocument> {
    const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
    const body = (await result.Body?.transformToString('utf-8')) ?? '';
    return { key, ...(format === 'json' ? jsonDocument(body) : xmlDocument(body, format)) };
  }
}

function postIdOf(itemId: string): string {
  return itemId.replace(/^.*:post\//, '');
}

function jsonDocument(body: string): Omit<ChainDocument, 'key'> {
  const feed = JSON.parse(body) as { items: { id: string }[]; next_url?: string };
  return {
    postIds: feed.items.map((item) => postIdOf(item.id)),
    // JSON Feed has no archive marker nor back links; `next_url` is its "older items" link.
    archive: false,
    links: feed.next_url === undefined ? {} : { prevArchive: feed.next_url },
  };
}

function xmlDocument(body: string, format: 'rss' | 'atom'): Omit<ChainDocument, 'key'> {
  const root = parseStrictXml(body);
  const container = format === 'rss' ? (childrenNamed(root, '', 'channel')[0] as ParsedElement) : root;
  const entries = format === 'rss' ? childrenNamed(container, '', 'item') : childrenNamed(container, ATOM, 'entry');
  const idOf = (entry: ParsedElement) => (format === 'rss' ? childrenNamed(entry, '', 'guid') : childrenNamed(entry, ATOM, 'id'))[0]?.text ?? '';
  return {
    postIds: entries.map((entry) => postIdOf(idOf(entry))),
    archive: childrenNamed(container, FH, 'archive').length === 1,
    links: {
      current: linkOf(container, 'current'),
      prevArchive: linkOf(container, 'prev-archive'),
      nextArchive: linkOf(container, 'next-archive'),
    },
  };
}

function linkOf(container: ParsedElement, rel: string): string | undefined {
  const links = childrenNamed(container, ATOM, 'link').filter((link) => link.attributes.rel === rel);
  if (links.length > 1) throw new Error(`more than one ${rel} link`);
  return links[0]?.attributes.href;
}
