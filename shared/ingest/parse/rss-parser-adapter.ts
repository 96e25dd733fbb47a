import Parser from 'rss-parser';
import type { ParsedAuthor, ParsedFeed, ParsedImage, ParsedItem } from './parsed-feed.ts';
import { FeedParseError } from './parse-error.ts';
import { assertNoEntityDeclarations } from './unsafe-xml-guard.ts';

/** xml2js renders an element with attributes as `{ _: text, $: attributes }`; plain text as a string. */
type XmlValue = string | { _?: string; $?: Record<string, string> } | undefined;

type RawItem = Parser.Item & Record<string, unknown>;

/** Elements rss-parser does not map itself; copied raw, then read here. */
const ITEM_FIELDS = [
  ['media:content', 'mediaContent', { keepArray: true }],
  ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
  ['media:group', 'mediaGroup', { keepArray: true }],
  ['author', 'atomAuthors', { keepArray: true }],
  ['category', 'rawCategories', { keepArray: true }],
  ['link', 'rawLinks', { keepArray: true }],
  ['published', 'published'],
  ['updated', 'updated'],
  ['dc:language', 'language'],
] as const;

/**
 * rss-parser's Atom mapping calls `new Date(published).toISOString()`, which throws on a date it
 * cannot parse and so loses the whole feed to one bad entry. Dates are parsed by the normaliser
 * anyway, so they are hidden from that code and read from the raw fields instead.
 */
class LenientParser extends Parser<Record<string, unknown>, RawItem> {
  parseItemAtom(entry: Record<string, unknown>): RawItem {
    const { published: _published, updated: _updated, ...rest } = entry;
    const parse = (Parser.prototype as unknown as { parseItemAtom: (entry: unknown) => RawItem }).parseItemAtom;
    const item = parse.call(this, rest);
    return { ...item, published: xmlText((entry.published as XmlValue[] | undefined)?.[0]), updated: xmlText((entry.updated as XmlValue[] | undefined)?.[0]) };
  }
}

const parser = new LenientParser({
  customFields: {
    item: ITEM_FIELDS as unknown as Parser.CustomFieldItem<RawItem>[],
    feed: [
      'language',
      'ttl',
      ['author', 'atomAuthors', { keepArray: true }],
      // Atom's own links and RSS's `atom:link`, read for WebSub's rel="hub" and rel="self".
      ['link', 'feedLinks', { keepArray: true }],
      ['atom:link', 'atomLinks', { keepArray: true }],
    ] as unknown as (keyof Record<string, unknown>)[],
  },
});

/**
 * RSS 0.9x/1.0/2.0 and Atom 1.0 through rss-parser's `parseString` (its HTTP client is not used:
 * the fetcher has the limits and the SSRF guard). Entity declarations are refused first.
 */
export async function parseXmlFeed(xml: string): Promise<ParsedFeed> {
  const text = xml.replace(/^[\uFEFF\s]+/, '');
  assertNoEntityDeclarations(text);
  let output: Parser.Output<RawItem> & Record<string, unknown>;
  try {
    output = (await parser.parseString(text)) as typeof output;
  } catch (error) {
    throw FeedParseError.fromXmlError(error);
  }
  const format = /^(?:<\?[^>]*>\s*|<!--[\s\S]*?-->\s*)*<feed\b/.test(text) ? 'atom' : 'rss';
  return {
    format,
    ...optional('title', xmlText(output.title as XmlValue)),
    ...optional('homeUrl', xmlText(output.link as XmlValue)),
    ...optional('language', xmlText(output.language as XmlValue)),
    ...optional('ttlMinutes', positiveInteger(xmlText(output.ttl as XmlValue))),
    ...linkRelations([...asArray(output.feedLinks), ...asArray(output.atomLinks)]),
    ...optionalAuthor(format === 'atom' ? atomAuthors(output.atomAuthors)[0] : namesOf(xmlText(output.creator as XmlValue))[0]),
    items: (output.items ?? []).map((item) => (format === 'atom' ? atomItem(item) : rssItem(item))),
    malformedItems: 0,
  };
}

/**
 * Items are built by assignment rather than by spreading optional fields: a feed can have
 * hundreds of items, and the spreads cost more than the XML parse (measured with --cpu-prof).
 */
function rssItem(item: RawItem): ParsedItem {
  const description = xmlText(item.content as XmlValue);
  const encoded = xmlText(item['content:encoded'] as XmlValue);
  const parsed: ParsedItem = {
    summaryIsHtml: true,
    authors: namesOf(xmlText(item.creator as XmlValue) ?? xmlText(item.author as XmlValue)),
    categories: textsOf(item.rawCategories),
    images: [...enclosureImages(item.enclosure), ...mediaImages(item)],
  };
  setDefined(parsed, 'guid', xmlText(item.guid as XmlValue) ?? xmlText(item['rdf:about'] as XmlValue));
  setDefined(parsed, 'link', xmlText(item.link as XmlValue));
  setDefined(parsed, 'title', xmlText(item.title as XmlValue));
  setDefined(parsed, 'contentHtml', encoded ?? description);
  setDefined(parsed, 'summary', encoded === undefined ? undefined : description);
  setDefined(parsed, 'published', xmlText(item.pubDate as XmlValue) ?? xmlText(item['dc:date'] as XmlValue) ?? xmlText(item.date as XmlValue));
  setDefined(parsed, 'language', xmlText(item.language as XmlValue));
  return parsed;
}

function atomItem(item: RawItem): ParsedItem {
  const links = (item.rawLinks as { $?: Record<string, string> }[] | undefined) ?? [];
  const enclosures = links
    .filter((link) => link.$?.rel === 'enclosure' && link.$.href)
    .flatMap((link) => {
      const image = imageOf(link.$?.href, link.$?.type, link.$?.length);
      return image ? [image] : [];
    });
  const parsed: ParsedItem = {
    summaryIsHtml: true,
    authors: atomAuthors(item.atomAuthors),
    categories: ((item.rawCategories as { $?: Record<string, string> }[] | undefined) ?? []).flatMap((category) => {
      const label = category.$?.label ?? category.$?.term;
      return label ? [label] : [];
    }),
    images: [...enclosures, ...mediaImages(item)],
  };
  setDefined(parsed, 'guid', xmlText(item.id as XmlValue));
  setDefined(parsed, 'link', xmlText(item.link as XmlValue));
  setDefined(parsed, 'title', xmlText(item.title as XmlValue));
  setDefined(parsed, 'contentHtml', xmlText(item.content as XmlValue));
  setDefined(parsed, 'summary', xmlText(item.summary as XmlValue));
  setDefined(parsed, 'published', item.published as string | undefined);
  setDefined(parsed, 'updated', item.updated as string | undefined);
  return parsed;
}

/** Hubs in document order, and the first `self`; links without an href are ignored. */
function linkRelations(links: { $?: Record<string, string> }[]): Pick<ParsedFeed, 'hubUrls' | 'selfUrl'> {
  const hrefs = (rel: string) =>
    links.flatMap((link) => (link.$?.rel?.trim().toLowerCase() === rel && link.$.href?.trim() ? [link.$.href.trim()] : []));
  const self = hrefs('self')[0];
  return { hubUrls: hrefs('hub'), ...(self ? { selfUrl: self } : {}) };
}

function setDefined<K extends keyof ParsedItem>(item: ParsedItem, key: K, value: ParsedItem[K] | undefined): void {
  if (value !== undefined) item[key] = value;
}

function atomAuthors(raw: unknown): ParsedAuthor[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((author: Record<string, XmlValue[] | undefined>) => {
    const name = xmlText(author.name?.[0]);
    if (!name) return [];
    return [{ name, ...optional('url', xmlText(author.uri?.[0])), ...optional('email', xmlText(author.email?.[0])) }];
  });
}

function enclosureImages(enclosure: Parser.Enclosure | undefined): ParsedImage[] {
  const image = imageOf(enclosure?.url, enclosure?.type, enclosure?.length);
  return image ? [image] : [];
}

/** Media RSS (`media:content`, `media:thumbnail`, inside `media:group` too): images only. */
function mediaImages(item: RawItem): ParsedImage[] {
  const groups = (item.mediaGroup as Record<string, unknown>[] | undefined) ?? [];
  const contents = [item.mediaContent, ...groups.map((group) => group['media:content'])];
  const thumbnails = [item.mediaThumbnail, ...groups.map((group) => group['media:thumbnail'])];
  const images: ParsedImage[] = [];
  for (const element of contents.flatMap(asArray)) {
    const attributes = element.$ ?? {};
    if (attributes.medium && attributes.medium !== 'image') continue;
    const image = imageOf(attributes.url, attributes.type ?? (attributes.medium === 'image' ? 'image/jpeg' : undefined), attributes.fileSize, attributes.width, attributes.height);
    if (image) images.push(image);
  }
  for (const element of thumbnails.flatMap(asArray)) {
    const attributes = element.$ ?? {};
    const image = imageOf(attributes.url, attributes.type ?? guessImageType(attributes.url), undefined, attributes.width, attributes.height);
    if (image) images.push(image);
  }
  return images;
}

function asArray(value: unknown): { $?: Record<string, string> }[] {
  return Array.isArray(value) ? value : [];
}

function imageOf(url?: string, type?: string, length?: string | number, width?: string, height?: string): ParsedImage | undefined {
  const mime = type ?? guessImageType(url);
  if (!url || !mime?.startsWith('image/')) return undefined;
  return {
    url,
    type: mime,
    ...optional('length', nonNegativeInteger(length)),
    ...optional('width', positiveInteger(width)),
    ...optional('height', positiveInteger(height)),
  };
}

function guessImageType(url: string | undefined): string | undefined {
  const extension = /\.(jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.exec(url ?? '')?.[1]?.toLowerCase();
  if (!extension) return undefined;
  return extension === 'jpg' ? 'image/jpeg' : `image/${extension}`;
}

function namesOf(name: string | undefined): ParsedAuthor[] {
  return name ? [{ name }] : [];
}

function textsOf(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return values.flatMap((value: XmlValue) => {
    const text = xmlText(value);
    return text ? [text] : [];
  });
}

export function xmlText(value: XmlValue | unknown): string | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as { _?: unknown })._ : undefined;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

function positiveInteger(value: string | number | undefined): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

function nonNegativeInteger(value: string | number | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function optionalAuthor(author: ParsedAuthor | undefined): { author?: ParsedAuthor } {
  return author ? { author } : {};
}
