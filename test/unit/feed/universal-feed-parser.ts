import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { z } from 'zod';

/** Debian's python, where `python3-feedparser` installs; `.ci/run` installs the package when missing. */
const PYTHON = '/usr/bin/python3';

/**
 * Reads a feed from stdin the way a reader built on Universal Feed Parser does, and prints every
 * text a reader shows with the content type feedparser decided for it. feedparser sanitises
 * `text/html` values (it strips `onerror`, keeps `<img src>`), so an element surviving here is
 * markup a reader displays.
 */
const SCRIPT = String.raw`
import json, sys
try:
    import feedparser
except ImportError as error:
    sys.stderr.write('FEEDPARSER_MISSING %s\n' % error)
    sys.exit(3)
parsed = feedparser.parse(sys.stdin.buffer.read())
def detail(value):
    return None if value is None else {'type': value.get('type'), 'value': value.get('value')}
print(json.dumps({
    'bozo': bool(parsed.bozo),
    'bozoException': str(parsed.get('bozo_exception', '')),
    'feed': {'title': detail(parsed.feed.get('title_detail')), 'subtitle': detail(parsed.feed.get('subtitle_detail'))},
    'entries': [{
        'title': detail(entry.get('title_detail')),
        'summary': detail(entry.get('summary_detail')),
        'content': [detail(content) for content in entry.get('content', [])],
        'authors': [author.get('name') for author in entry.get('authors', [])],
    } for entry in parsed.entries],
}))
`;

const TextDetailSchema = z.object({ type: z.string(), value: z.string() }).nullable();

const ParsedFeedSchema = z.object({
  bozo: z.boolean(),
  bozoException: z.string(),
  feed: z.object({ title: TextDetailSchema, subtitle: TextDetailSchema }),
  entries: z.array(
    z.object({
      title: TextDetailSchema,
      summary: TextDetailSchema,
      content: z.array(TextDetailSchema),
      authors: z.array(z.string().nullable()),
    }),
  ),
});

export type TextDetail = NonNullable<z.output<typeof TextDetailSchema>>;
export type FeedparserResult = z.output<typeof ParsedFeedSchema>;

/**
 * @throws Error naming the Debian package when feedparser is not installed: the test must fail
 * then, not skip, or a CI machine without it would prove nothing.
 */
export function parseWithFeedparser(document: string): FeedparserResult {
  return ParsedFeedSchema.parse(runFeedparser(SCRIPT, document));
}

/** What a podcast app built on feedparser reads of each entry's media: enclosures, Media RSS, iTunes and Podcasting 2.0 tags. */
const MEDIA_SCRIPT = String.raw`
import json, sys
try:
    import feedparser
except ImportError as error:
    sys.stderr.write('FEEDPARSER_MISSING %s\n' % error)
    sys.exit(3)
parsed = feedparser.parse(sys.stdin.buffer.read())
def pick(value, keys):
    return {key: value.get(key) for key in keys if value.get(key) is not None}
print(json.dumps({
    'bozo': bool(parsed.bozo),
    'bozoException': str(parsed.get('bozo_exception', '')),
    'feed': {key: value for key, value in parsed.feed.items() if key.startswith('itunes_') or key.startswith('podcast_') or key in ('image', 'publisher_detail', 'author_detail', 'tags')},
    'entries': [{
        'id': entry.get('id'),
        'enclosures': [pick(enclosure, ('href', 'type', 'length', 'title')) for enclosure in entry.get('enclosures', [])],
        'media': [pick(content, ('url', 'type', 'medium', 'filesize', 'duration')) for content in entry.get('media_content', [])],
        'itunes': {key: value for key, value in entry.items() if key.startswith('itunes_')},
        'podcast': {key: value for key, value in entry.items() if key.startswith('podcast_')},
    } for entry in parsed.entries],
}))
`;

const MediaEntrySchema = z.object({
  id: z.string().nullable(),
  enclosures: z.array(z.record(z.string(), z.string())),
  media: z.array(z.record(z.string(), z.string())),
  itunes: z.record(z.string(), z.unknown()),
  podcast: z.record(z.string(), z.unknown()),
});

const MediaFeedSchema = z.object({
  bozo: z.boolean(),
  bozoException: z.string(),
  feed: z.record(z.string(), z.unknown()),
  entries: z.array(MediaEntrySchema),
});

export type FeedparserMedia = z.output<typeof MediaFeedSchema>;

export function parseMediaWithFeedparser(document: string): FeedparserMedia {
  return MediaFeedSchema.parse(runFeedparser(MEDIA_SCRIPT, document));
}

function runFeedparser(script: string, document: string): unknown {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: install Debian's python3 and python3-feedparser (.ci/run does this in CI)`);
  const run = spawnSync(PYTHON, ['-c', script], { input: document, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.stderr.includes('FEEDPARSER_MISSING')) {
    throw new Error(`Universal Feed Parser is missing: apt-get install -y python3-feedparser (.ci/run does this in CI); ${run.stderr.trim()}`);
  }
  if (run.status !== 0) throw new Error(`${PYTHON} exited with ${run.status}: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as unknown;
}
