import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentTable } from '../../shared/store/document-table.ts';
import { loadWebSubCallbackConfig } from '../../shared/config/websub-callback-config.ts';
import { subscriptionIdOfCallbackPath } from '../../shared/ingest/websub/callback-path.ts';
import { WebSubCallback, type CallbackRequest, type CallbackResponse } from '../../shared/ingest/websub/websub-callback.ts';
import type { EventLog } from '../../shared/log/event-log.ts';
import { IngestedPostStore } from '../../shared/store/ingested-post-store.ts';
import { SubscriptionRegistry } from '../../shared/store/subscription-registry.ts';
import { WebSubPushStateStore } from '../../shared/store/websub-push-state-store.ts';
import type { JsonLog } from '../emulators/json-line-log.ts';

/** The WebSub callback core, as the local server calls it (`WebSubCallback.handle`). */
export type WebSubCallbackHandler = (request: CallbackRequest) => Promise<CallbackResponse>;

/**
 * The local stand-in for the callback function URL: `/websub/<id>` on the feed server. Reads the
 * raw body (bounded: a hub pushing more than `maxBodyBytes` gets 413 without the rest being
 * read), hands it to the same core as the Lambda adapter and writes its answer back.
 */
export async function serveWebSubCallback(
  callback: WebSubCallbackHandler,
  maxBodyBytes: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://feed-server');
  const body = await readBody(request, maxBodyBytes);
  if (body === undefined) {
    response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Payload Too Large\n');
    return;
  }
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
  const answer = await callback({
    method: request.method ?? 'GET',
    subscriptionId: subscriptionIdOfCallbackPath(url.pathname),
    query: url.searchParams,
    headers,
    body,
  });
  response.writeHead(answer.status, answer.headers).end(answer.body);
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The callback core for `npm start`: the same `WebSubCallback` the Lambda adapter uses, on the
 * local table, bounded by the poller's own limits, logging as JSON lines.
 */
export function localWebSubCallback(documents: DocumentTable, tableName: string, log: JsonLog): { callback: WebSubCallbackHandler; maxBodyBytes: number } {
  const config = loadWebSubCallbackConfig({ TABLE_NAME: tableName });
  const core = new WebSubCallback({
    subscriptions: new SubscriptionRegistry(documents, tableName),
    pushStates: new WebSubPushStateStore(documents, tableName),
    posts: new IngestedPostStore(documents, tableName),
    maxItemsPerFeed: config.maxItemsPerFeed,
    maxBodyBytes: config.maxBodyBytes,
    log: jsonLineEventLog(log),
  });
  return { callback: (request) => core.handle(request), maxBodyBytes: config.maxBodyBytes };
}

function jsonLineEventLog(log: JsonLog): EventLog {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, attributes: Record<string, unknown> = {}) => log({ ...attributes, level, message });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
