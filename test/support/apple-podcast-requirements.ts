import { APPLE_PODCAST_CATEGORIES } from '../../shared/podcast/apple-podcast-categories.ts';
import { parseStrictXml, type ParsedElement } from '../unit/feed/strict-xml-tree.ts';

/**
 * A strict check of Apple Podcasts' documented feed requirements ("Podcast RSS feed requirements"
 * and the iTunes tag reference), written here because no podcast validator that checks them
 * runs offline (none on npm or in Debian; Apple's and Podcast Index's validators are web
 * services). Every problem is an error or a warning; callers treat both as failures (`--strict`).
 *
 * It checks what can be checked from the document: presence, values and formats of the tags.
 * Artwork pixels are the show settings' job (declared size, checked when saved), not this one's.
 */
export interface PodcastFeedProblem {
  level: 'error' | 'warning';
  where: string;
  message: string;
}

const ITUNES = 'http://www.itunes.com/dtds/podcast-1.0.dtd';
const PODCAST = 'https://podcastindex.org/namespace/1.0';

/** The enclosure types Apple Podcasts plays. */
const APPLE_MEDIA_TYPES = new Set(['audio/x-m4a', 'audio/mp4', 'audio/mpeg', 'video/quicktime', 'video/mp4', 'video/x-m4v', 'application/pdf']);

export function applePodcastProblems(xml: string): PodcastFeedProblem[] {
  const problems: PodcastFeedProblem[] = [];
  const report = (level: PodcastFeedProblem['level'], where: string, message: string) => problems.push({ level, where, message });
  const root = parseStrictXml(xml);
  const channel = root.local === 'rss' ? child(root, '', 'channel') : undefined;
  if (channel === undefined) return [{ level: 'error', where: 'document', message: 'not an RSS 2.0 document with a channel' }];
  checkChannel(channel, report);
  const items = channel.children.filter((element) => element.uri === '' && element.local === 'item');
  if (items.length === 0) report('error', 'channel', 'has no episodes');
  const serial = text(child(channel, ITUNES, 'type')) === 'serial';
  items.forEach((item, index) => checkItem(item, `item ${index + 1}`, serial, report));
  const guids = items.map((item) => text(child(item, '', 'guid')));
  if (new Set(guids).size !== guids.length) report('error', 'channel', 'episode guids are not unique');
  return problems;
}

type Report = (level: PodcastFeedProblem['level'], where: string, message: string) => void;

function checkChannel(channel: ParsedElement, report: Report): void {
  for (const name of ['title', 'description', 'language', 'link']) {
    if (!text(child(channel, '', name))) report(name === 'link' ? 'warning' : 'error', 'channel', `<${name}> is missing or empty`);
  }
  const language = text(child(channel, '', 'language'));
  if (language && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) report('error', 'channel', `<language> ${language} is not an ISO 639 code`);
  const image = child(channel, ITUNES, 'image');
  const href = image?.attributes.href;
  if (!href) report('error', 'channel', '<itunes:image href> is missing');
  else if (!/^https?:\/\/.+\.(jpe?g|png)$/i.test(href.split('?')[0] ?? '')) report('error', 'channel', `<itunes:image> ${href} is not a JPEG or PNG URL`);
  checkCategories(channel, report);
  checkExplicit(child(channel, ITUNES, 'explicit'), 'channel', true, report);
  if (!text(child(channel, ITUNES, 'author'))) report('warning', 'channel', '<itunes:author> is missing');
  const owner = child(channel, ITUNES, 'owner');
  const email = text(owner && child(owner, ITUNES, 'email'));
  if (!email) report('warning', 'channel', '<itunes:owner><itunes:email> is missing: Apple uses it to verify ownership');
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) report('error', 'channel', `<itunes:email> ${email} is not an e-mail address`);
  const type = text(child(channel, ITUNES, 'type'));
  if (type === undefined) report('warning', 'channel', '<itunes:type> is missing');
  else if (type !== 'episodic' && type !== 'serial') report('error', 'channel', `<itunes:type> ${type} is not episodic or serial`);
  const guid = text(child(channel, PODCAST, 'guid'));
  if (guid === undefined) report('warning', 'channel', '<podcast:guid> is missing');
  else if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(guid)) report('error', 'channel', `<podcast:guid> ${guid} is not a UUID`);
}

function checkCategories(channel: ParsedElement, report: Report): void {
  const categories = children(channel, ITUNES, 'category');
  if (categories.length === 0) report('error', 'channel', '<itunes:category> is missing');
  for (const category of categories) {
    const name = category.attributes.text ?? '';
    const subcategories = APPLE_PODCAST_CATEGORIES[name];
    if (subcategories === undefined) {
      report('error', 'channel', `<itunes:category text="${name}"> is not an Apple Podcasts category`);
      continue;
    }
    for (const sub of children(category, ITUNES, 'category')) {
      if (!subcategories.includes(sub.attributes.text ?? '')) report('error', 'channel', `"${sub.attributes.text}" is not a subcategory of ${name}`);
    }
  }
}

function checkExplicit(element: ParsedElement | undefined, where: string, required: boolean, report: Report): void {
  const value = text(element);
  if (value === undefined) {
    if (required) report('error', where, '<itunes:explicit> is missing');
    return;
  }
  if (value !== 'true' && value !== 'false') report('error', where, `<itunes:explicit> ${value} is not true or false`);
}

function checkItem(item: ParsedElement, where: string, serial: boolean, report: Report): void {
  if (!text(child(item, '', 'title'))) report('error', where, '<title> is missing');
  if (!text(child(item, '', 'guid'))) report('error', where, '<guid> is missing');
  if (!text(child(item, '', 'pubDate'))) report('warning', where, '<pubDate> is missing');
  if (!text(child(item, '', 'description'))) report('warning', where, '<description> is missing');
  const enclosures = children(item, '', 'enclosure');
  if (enclosures.length !== 1) report('error', where, `has ${enclosures.length} enclosures; Apple needs exactly one`);
  for (const enclosure of enclosures) {
    const { url = '', type = '', length = '' } = enclosure.attributes;
    if (!/^https?:\/\//.test(url)) report('error', where, `enclosure url ${url} is not http(s)`);
    if (!APPLE_MEDIA_TYPES.has(type)) report('error', where, `enclosure type ${type} is not one Apple Podcasts plays`);
    if (!/^\d+$/.test(length) || length === '0') report('warning', where, `enclosure length "${length}" is not the file's size in bytes`);
  }
  const duration = text(child(item, ITUNES, 'duration'));
  if (duration === undefined) report('warning', where, '<itunes:duration> is missing');
  else if (!/^\d+$|^\d+:[0-5]\d(:[0-5]\d)?$/.test(duration)) report('error', where, `<itunes:duration> ${duration} is not seconds, MM:SS or HH:MM:SS`);
  const episode = text(child(item, ITUNES, 'episode'));
  if (episode !== undefined && !/^[1-9]\d*$/.test(episode)) report('error', where, `<itunes:episode> ${episode} is not a positive integer`);
  if (serial && episode === undefined) report('warning', where, '<itunes:episode> is missing in a serial show');
  const season = text(child(item, ITUNES, 'season'));
  if (season !== undefined && !/^[1-9]\d*$/.test(season)) report('error', where, `<itunes:season> ${season} is not a positive integer`);
  const episodeType = text(child(item, ITUNES, 'episodeType'));
  if (episodeType !== undefined && !['full', 'trailer', 'bonus'].includes(episodeType)) report('error', where, `<itunes:episodeType> ${episodeType} is not full, trailer or bonus`);
  checkExplicit(child(item, ITUNES, 'explicit'), where, false, report);
}

function child(parent: ParsedElement, uri: string, local: string): ParsedElement | undefined {
  return parent.children.find((element) => element.uri === uri && element.local === local);
}

function children(parent: ParsedElement, uri: string, local: string): ParsedElement[] {
  return parent.children.filter((element) => element.uri === uri && element.local === local);
}

function text(element: ParsedElement | undefined): string | undefined {
  const value = element?.text.trim();
  return value === '' ? undefined : value;
}
