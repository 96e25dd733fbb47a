import type { FeedDocument } from './feed-document.ts';
import { FEED_FORMATS, type FeedFormat } from './feed-id.ts';
import { checkJsonFeed, checkWellFormedXml, type FeedProblem, type XmlRootName } from './check-feed-document.ts';
import { FeedRenderError } from './feed-render-error.ts';
import { renderAtom } from './render-atom.ts';
import { renderJsonFeed } from './render-json-feed.ts';
import { renderRss } from './render-rss.ts';
import { XML_NAMESPACES } from './xml-namespaces.ts';

const RENDERERS: Record<FeedFormat, (doc: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

const EXPECTED_XML_ROOTS: Record<Exclude<FeedFormat, 'json'>, XmlRootName> = {
  rss: { uri: '', local: 'rss' },
  atom: { uri: XML_NAMESPACES.atom, local: 'feed' },
};

/**
 * Renders every format of one feed and checks each before returning it, so nothing ill-formed
 * ever reaches the bucket.
 *
 * @throws FeedRenderError when a renderer fails or its output does not pass the check.
 * @example
 * const files = renderFeedFiles(buildFeedDocument('all', posts, site));
 * files.atom; // '<?xml version="1.0" encoding="utf-8"?>\n<feed …'
 */
export function renderFeedFiles(doc: FeedDocument): Record<FeedFormat, string> {
  const files = {} as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) files[format] = renderChecked(doc, format);
  return files;
}

function renderChecked(doc: FeedDocument, format: FeedFormat): string {
  let text: string;
  try {
    text = RENDERERS[format](doc);
  } catch (error) {
    const reason = `renderer failed: ${error instanceof Error ? error.message : String(error)}`;
    throw new FeedRenderError(doc.feedId, format, postIdsOf(doc), { reason }, { cause: error });
  }
  checkRenderedFeed(doc, format, text);
  return text;
}

/**
 * Checks one rendered document of `doc`.
 *
 * @throws FeedRenderError naming the feed, the format, the document's posts and the parser's reason.
 */
export function checkRenderedFeed(doc: FeedDocument, format: FeedFormat, text: string): void {
  const problem = problemOf(format, text);
  if (problem !== undefined) throw new FeedRenderError(doc.feedId, format, postIdsOf(doc), problem);
}

function problemOf(format: FeedFormat, text: string): FeedProblem | undefined {
  if (format === 'json') {
    const result = checkJsonFeed(text);
    return result.ok ? undefined : result.problem;
  }
  const result = checkWellFormedXml(text);
  if (!result.ok) return result.problem;
  const expected = EXPECTED_XML_ROOTS[format];
  if (result.root.uri === expected.uri && result.root.local === expected.local) return undefined;
  return { reason: `root element is {${result.root.uri}}${result.root.local}, expected {${expected.uri}}${expected.local}` };
}

function postIdsOf(doc: FeedDocument): string[] {
  return doc.items.map((item) => item.postId);
}
