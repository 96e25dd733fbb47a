import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Topic } from '../../shared/post/post-schema.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../../shared/publication/publication-keys.ts';
import { writeJsonLine, type JsonLog } from '../emulators/json-line-log.ts';
import { sendFeedFile, type FeedFile } from './feed-file-response.ts';

/** A partner feed `npm start` serves and subscribes to, so the ingest path works offline. */
export interface SampleFeed {
  /** The publication that subscribes to it: its items appear in that publication's feeds only. */
  publication: PublicationId;
  subscriptionId: string;
  file: string;
  contentType: string;
  topics: Topic[];
}

export const SAMPLE_FEEDS: readonly SampleFeed[] = [
  {
    publication: DEFAULT_PUBLICATION_ID,
    subscriptionId: 'steppe-wire',
    file: 'steppe-wire.rss.xml',
    contentType: 'application/rss+xml; charset=utf-8',
    topics: [{ slug: 'wire', label: 'Partner wire' }, { slug: 'kazakhstan', label: 'Kazakhstan' }],
  },
  {
    publication: DEFAULT_PUBLICATION_ID,
    subscriptionId: 'valley-monitor',
    file: 'valley-monitor.atom.xml',
    contentType: 'application/atom+xml; charset=utf-8',
    topics: [{ slug: 'wire', label: 'Partner wire' }, { slug: 'fergana-valley', label: 'Fergana Valley' }],
  },
  {
    publication: DEFAULT_PUBLICATION_ID,
    subscriptionId: 'border-notes',
    file: 'border-notes.feed.json',
    contentType: 'application/feed+json; charset=utf-8',
    topics: [{ slug: 'wire', label: 'Partner wire' }, { slug: 'borders', label: 'Borders' }],
  },
  {
    publication: 'ru',
    subscriptionId: 'irtysh-vesti',
    file: 'irtysh-vesti.rss.xml',
    contentType: 'application/rss+xml; charset=utf-8',
    topics: [{ slug: 'wire', label: 'Лента партнёров' }, { slug: 'kazakhstan', label: 'Казахстан' }],
  },
  {
    publication: 'fa',
    subscriptionId: 'zagros-yaddasht',
    file: 'zagros-yaddasht.atom.xml',
    contentType: 'application/atom+xml; charset=utf-8',
    topics: [{ slug: 'wire', label: 'خبرهای همکاران' }, { slug: 'iran', label: 'ایران' }],
  },
];

/** The partner feeds one publication subscribes to. */
export function sampleFeedsOf(publicationId: PublicationId): SampleFeed[] {
  return SAMPLE_FEEDS.filter((feed) => feed.publication === publicationId);
}

const SAMPLE_FEEDS_DIRECTORY = fileURLToPath(new URL('./', import.meta.url));

export interface RunningSampleFeedServer {
  /** Base URL without trailing slash. */
  url: string;
  feedUrl(feed: SampleFeed): string;
  close(): Promise<void>;
}

/**
 * Serves the sample partner feeds on 127.0.0.1 with real validators and gzip. Files are read on
 * each request, so editing one while `npm start` runs is picked up at the next poll.
 */
export async function startSampleFeedServer(options: { port?: number; log?: JsonLog } = {}): Promise<RunningSampleFeedServer> {
  const log = options.log ?? writeJsonLine;
  const server = createServer((request, response) => {
    const feed = SAMPLE_FEEDS.find((candidate) => request.url === `/${candidate.file}`);
    if (!feed || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    loadFeedFile(feed).then(
      (file) => sendFeedFile(request, response, file),
      (error: unknown) => {
        log({ level: 'error', message: 'sample feed could not be read', file: feed.file, error });
        response.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    feedUrl: (feed) => `${url}/${feed.file}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function loadFeedFile(feed: SampleFeed): Promise<FeedFile> {
  const path = `${SAMPLE_FEEDS_DIRECTORY}${feed.file}`;
  const [body, info] = await Promise.all([readFile(path), stat(path)]);
  // A short max-age, so the poll loop's 30 s interval is what paces it locally.
  return { body, contentType: feed.contentType, lastModified: info.mtime, cacheControl: 'public, max-age=10' };
}
