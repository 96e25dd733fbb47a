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
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: install Debian's python3 and python3-feedparser (.ci/run does this in CI)`);
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: document, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.stderr.includes('FEEDPARSER_MISSING')) {
    throw new Error(`Universal Feed Parser is missing: apt-get install -y python3-feedparser (.ci/run does this in CI); ${run.stderr.trim()}`);
  }
  if (run.status !== 0) throw new Error(`${PYTHON} exited with ${run.status}: ${run.stderr.trim()}`);
  return ParsedFeedSchema.parse(JSON.parse(run.stdout));
}
