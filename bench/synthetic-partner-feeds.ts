import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendFeedFile } from '../local/sample-feeds/feed-file-response.ts';

/** What a synthetic partner does when polled, by subscription index. */
export type PartnerBehaviour = 'stable' | 'changing' | 'server-error' | 'not-found';

/** Six in ten feeds unchanged (304), two in ten changed, one 500, one 404. */
export function behaviourOf(index: number): PartnerBehaviour {
  const slot = index % 10;
  if (slot < 6) return 'stable';
  if (slot < 8) return 'changing';
  return slot === 8 ? 'server-error' : 'not-found';
}

const PARAGRAPH =
  '<p>Residents of the district said the decision was taken without a hearing, and that the notice was posted only on the door of the administration building. <a href="/context">Background</a>.</p>';

/**
 * An RSS 2.0 document of a partner, different per `generation` for changing partners: each
 * generation adds a newer item and edits the previous newest one.
 */
export function syntheticRss(feedIndex: number, generation: number, itemCount: number): string {
  const items: string[] = [];
  for (let offset = 0; offset < itemCount; offset += 1) {
    const number = generation + itemCount - offset;
    const edited = offset === 1 && generation > 0 ? ' (updated)' : '';
    const date = new Date(Date.UTC(2026, 10, 1) + number * 3_600_000).toUTCString();
    items.push(`<item><title>Partner ${feedIndex} story ${number}${edited}</title><link>https://partner-${feedIndex}.example/stories/${number}</link><guid isPermaLink="false">p${feedIndex}-s${number}</guid><pubDate>${date}</pubDate><category>Region ${feedIndex % 7}</category><description><![CDATA[${PARAGRAPH.repeat(4)}${edited}]]></description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Partner ${feedIndex}</title><link>https://partner-${feedIndex}.example/</link><description>Synthetic partner feed</description>${items.join('')}</channel></rss>`;
}

export interface SyntheticPartners {
  /** Base URL for one partner; every partner is on 127.0.0.1, under a host name of its own. */
  urlOf(index: number, hostOf: (index: number) => string): string;
  /** Changing partners serve this generation's document. */
  generation: number;
  requests: number;
  close(): Promise<void>;
}

/** Serves `count` partner feeds on 127.0.0.1 with ETags, 304s and gzip, plus their failures. */
export async function startSyntheticPartners(count: number, itemCount: number): Promise<SyntheticPartners> {
  const bodies = new Map<string, Buffer>();
  const lastModified = new Date('2026-11-20T12:00:00Z');
  const state = { generation: 0, requests: 0 };
  const server = createServer((request, response) => {
    state.requests += 1;
    const index = Number(/^\/feed\/(\d+)\.xml$/.exec(request.url ?? '')?.[1] ?? Number.NaN);
    if (!Number.isInteger(index) || index >= count) return void response.writeHead(404).end();
    const behaviour = behaviourOf(index);
    if (behaviour === 'server-error') return void response.writeHead(500).end('internal error');
    if (behaviour === 'not-found') return void response.writeHead(404).end('not found');
    const generation = behaviour === 'changing' ? state.generation : 0;
    const key = `${index}:${generation}`;
    let body = bodies.get(key);
    if (!body) {
      body = Buffer.from(syntheticRss(index, generation, itemCount));
      bodies.set(key, body);
    }
    sendFeedFile(request, response, { body, contentType: 'application/rss+xml; charset=utf-8', lastModified });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    urlOf: (index, hostOf) => `http://${hostOf(index)}:${port}/feed/${index}.xml`,
    get generation() {
      return state.generation;
    },
    set generation(value: number) {
      state.generation = value;
    },
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
