/**
 * The render bench's floor: each format of the SAME document written by hand, with template
 * strings and no framework (no element tree, no namespace pass, no serializer). It writes every
 * field our renderers write, with the same escaping, cleaning, dates and indentation, so the
 * bench checks its bytes against ours before timing anything; the ratio to it is what our
 * structure costs, not what the format costs. Paging and copyright are left out: the bench
 * document has none.
 */
import type { Author, PostImage } from '../shared/post/post-schema.ts';
import { cleanXmlText } from '../shared/post/xml-text.ts';
import type { FeedDocument, FeedItem } from '../shared/feed/feed-document.ts';
import { toRfc3339, toRfc822 } from '../shared/feed/feed-dates.ts';
import { feedRefreshOf } from '../shared/feed/feed-refresh.ts';
import { plainTextAsHtml } from '../shared/feed/html-text.ts';
import { itemSummary } from '../shared/feed/item-summary.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../shared/feed/xml-escape.ts';
import { XML_NAMESPACES } from '../shared/feed/xml-namespaces.ts';

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

function stylesheets(doc: FeedDocument): string {
  let out = '';
  if (doc.stylesheetUrl !== undefined) out += `<?xml-stylesheet type="text/xsl" href="${attr(doc.stylesheetUrl)}"?>\n`;
  if (doc.cssStylesheetUrl !== undefined) out += `<?xml-stylesheet type="text/css" href="${attr(doc.cssStylesheetUrl)}"?>\n`;
  return out;
}

function optionalAttribute(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : ` ${name}="${attr(String(value))}"`;
}

function mediaContent(image: PostImage, indent: string): string {
  const open =
    `${indent}<media:content url="${attr(image.url)}" type="${attr(image.type)}" medium="image"` +
    `${optionalAttribute('width', image.width)}${optionalAttribute('height', image.height)}${optionalAttribute('fileSize', image.length)}`;
  if (!image.caption && !image.credit) return `${open}/>\n`;
  let out = `${open}>\n`;
  if (image.caption) out += `${indent}  <media:description type="plain">${text(image.caption)}</media:description>\n`;
  if (image.credit) out += `${indent}  <media:credit>${text(image.credit)}</media:credit>\n`;
  return `${out}${indent}</media:content>\n`;
}

export function floorRss(doc: FeedDocument): string {
  const uses = {
    atom: true,
    content: doc.items.some((item) => item.contentHtml),
    dc: doc.items.some((item) => item.authors.length > 0),
    media: doc.items.some((item) => item.image),
    sy: doc.ttlMinutes !== undefined,
  };
  let namespaces = '';
  for (const [prefix, used] of Object.entries(uses)) {
    if (used) namespaces += ` xmlns:${prefix}="${XML_NAMESPACES[prefix as keyof typeof uses]}"`;
  }
  let out =
    `${DECLARATION}${stylesheets(doc)}<rss version="2.0"${namespaces}>\n  <channel>\n` +
    `    <title>${text(doc.title)}</title>\n    <link>${text(doc.homePageUrl)}</link>\n` +
    `    <description>${text(plainTextAsHtml(doc.description))}</description>\n    <language>${text(doc.language)}</language>\n` +
    `    <lastBuildDate>${toRfc822(doc.updated)}</lastBuildDate>\n    <generator>Feedline</generator>\n`;
  if (doc.ttlMinutes !== undefined) {
    const refresh = feedRefreshOf(doc.ttlMinutes);
    out += `    <ttl>${refresh.ttlMinutes}</ttl>\n    <sy:updatePeriod>${refresh.period}</sy:updatePeriod>\n    <sy:updateFrequency>${refresh.frequency}</sy:updateFrequency>\n`;
  }
  out += `    <atom:link href="${attr(doc.links.rss)}" rel="self" type="application/rss+xml"/>\n`;
  for (const hub of doc.hubs) out += `    <atom:link href="${attr(hub)}" rel="hub"/>\n`;
  for (const item of doc.items) out += rssItem(item);
  return `${out}  </channel>\n</rss>\n`;
}

function rssItem(item: FeedItem): string {
  const description = plainTextAsHtml(itemSummary(item));
  let out = `    <item>\n      <title>${text(item.title)}</title>\n      <link>${text(item.url)}</link>\n`;
  if (description) out += `      <description>${text(description)}</description>\n`;
  if (item.contentHtml) out += `      <content:encoded>${text(item.contentHtml)}</content:encoded>\n`;
  out += `      <guid isPermaLink="false">${text(item.id)}</guid>\n      <pubDate>${toRfc822(item.publishedAt)}</pubDate>\n`;
  for (const author of item.authors) out += `      <dc:creator>${text(author.name)}</dc:creator>\n`;
  for (const category of item.categories) out += `      <category domain="${attr(category.scheme)}">${text(category.label)}</category>\n`;
  const { image } = item;
  if (image) {
    out += `      <enclosure url="${attr(image.url)}" length="${image.length ?? 0}" type="${attr(image.type)}"/>\n`;
    out += mediaContent(image, '      ');
  }
  return `${out}    </item>\n`;
}

export function floorAtom(doc: FeedDocument): string {
  const media = doc.items.some((item) => item.image) ? ` xmlns:media="${XML_NAMESPACES.media}"` : '';
  let out =
    `${DECLARATION}${stylesheets(doc)}<feed xmlns="${XML_NAMESPACES.atom}" xml:lang="${attr(doc.language)}"${media}>\n` +
    `  <id>${text(doc.id)}</id>\n  <title type="text">${text(doc.title)}</title>\n` +
    `  <subtitle type="text">${text(doc.description)}</subtitle>\n  <updated>${toRfc3339(doc.updated)}</updated>\n` +
    `  <link rel="self" type="application/atom+xml" href="${attr(doc.links.atom)}"/>\n` +
    `  <link rel="alternate" type="text/html" href="${attr(doc.homePageUrl)}"/>\n`;
  for (const hub of doc.hubs) out += `  <link rel="hub" href="${attr(hub)}"/>\n`;
  out += '  <generator>Feedline</generator>\n';
  for (const item of doc.items) out += atomEntry(item, doc.language);
  return `${out}</feed>\n`;
}

function atomEntry(item: FeedItem, feedLanguage: string): string {
  const summary = itemSummary(item);
  let out =
    `  <entry${item.language === feedLanguage ? '' : ` xml:lang="${attr(item.language)}"`}>\n` +
    `    <id>${text(item.id)}</id>\n    <title type="text">${text(item.title)}</title>\n` +
    `    <link rel="alternate" type="text/html" href="${attr(item.url)}"/>\n` +
    `    <published>${toRfc3339(item.publishedAt)}</published>\n    <updated>${toRfc3339(item.updatedAt)}</updated>\n`;
  for (const author of item.authors) out += atomAuthor(author);
  for (const category of item.categories) {
    out += `    <category term="${attr(category.term)}" scheme="${attr(category.scheme)}" label="${attr(category.label)}"/>\n`;
  }
  if (summary) out += `    <summary type="text">${text(summary)}</summary>\n`;
  out += `    <content type="html">${text(item.contentHtml)}</content>\n`;
  const { image } = item;
  if (image) {
    out += `    <link rel="enclosure" type="${attr(image.type)}"${optionalAttribute('length', image.length)} href="${attr(image.url)}"/>\n`;
    out += mediaContent(image, '    ');
  }
  return `${out}  </entry>\n`;
}

function atomAuthor(author: Author): string {
  let out = `    <author>\n      <name>${text(author.name)}</name>\n`;
  if (author.url) out += `      <uri>${text(author.url)}</uri>\n`;
  if (author.email) out += `      <email>${text(author.email)}</email>\n`;
  return `${out}    </author>\n`;
}

/** The same rule as the renderer: scan the output (for escapes, then raw characters), and clean every string only if it finds one. */
const UNCLEAN_CHARACTERS_IN_JSON = /[\u007F-\u009F\uFFFE\uFFFF]/;
const UNCLEAN_ESCAPES_IN_JSON = /\\[ubf]/;

export function floorJson(doc: FeedDocument): string {
  const written = jsonText(doc, (value) => value);
  return UNCLEAN_ESCAPES_IN_JSON.test(written) || UNCLEAN_CHARACTERS_IN_JSON.test(written) ? jsonText(doc, cleanXmlText) : written;
}

function jsonText(doc: FeedDocument, clean: (value: string) => string): string {
  const q = (value: string) => JSON.stringify(clean(value));
  let out =
    `{\n  "version": "https://jsonfeed.org/version/1.1",\n  "title": ${q(doc.title)},\n` +
    `  "home_page_url": ${q(doc.homePageUrl)},\n  "feed_url": ${q(doc.links.json)},\n` +
    `  "description": ${q(doc.description)},\n  "language": ${q(doc.language)},\n`;
  if (doc.hubs.length > 0) out += `  "hubs": [${doc.hubs.map((hub) => `\n    {\n      "type": "WebSub",\n      "url": ${q(hub)}\n    }`).join(',')}\n  ],\n`;
  out += `  "items": [${doc.items.map((item) => jsonItem(item, q)).join(',')}${doc.items.length > 0 ? '\n  ' : ''}]\n}\n`;
  return out;
}

function jsonItem(item: FeedItem, q: (value: string) => string): string {
  const summary = itemSummary(item);
  const { image } = item;
  let out = `\n    {\n      "id": ${q(item.id)},\n      "url": ${q(item.url)},\n      "title": ${q(item.title)},\n      "content_html": ${q(item.contentHtml)},\n`;
  if (summary) out += `      "summary": ${q(summary)},\n`;
  if (image) out += `      "image": ${q(image.url)},\n`;
  out += `      "date_published": "${toRfc3339(item.publishedAt)}",\n      "date_modified": "${toRfc3339(item.updatedAt)}",\n`;
  out += `      "authors": [${item.authors.map((author) => jsonAuthor(author, q)).join(',')}${item.authors.length > 0 ? '\n      ' : ''}],\n`;
  if (item.categories.length > 0) out += `      "tags": [${item.categories.map((category) => `\n        ${q(category.label)}`).join(',')}\n      ],\n`;
  out += `      "language": ${q(item.language)}`;
  if (image) {
    const size = image.length === undefined ? '' : `,\n          "size_in_bytes": ${image.length}`;
    out += `,\n      "attachments": [\n        {\n          "url": ${q(image.url)},\n          "mime_type": ${q(image.type)}${size}\n        }\n      ]`;
  }
  return `${out}\n    }`;
}

function jsonAuthor(author: Author, q: (value: string) => string): string {
  const url = author.url ?? (author.email ? `mailto:${author.email}` : undefined);
  return `\n        {\n          "name": ${q(author.name)}${url === undefined ? '' : `,\n          "url": ${q(url)}`}\n        }`;
}
