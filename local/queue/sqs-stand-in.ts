import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeJsonLine, type JsonLog } from '../emulators/json-line-log.ts';
import { LocalQueue, type LocalQueueDefinition } from './local-queue.ts';
import { SQS_ACTIONS, SqsActionError, type ActionContext, type QueueDirectory } from './sqs-json-actions.ts';

export interface SqsStandInOptions {
  queues: readonly LocalQueueDefinition[];
  /** 0 (default) picks a free port. */
  port?: number;
  /** Visibility timeouts and message ages are read from this clock; tests move it by hand. */
  now?: () => number;
  log?: JsonLog;
}

export interface RunningSqsStandIn {
  /** `http://127.0.0.1:<port>`: the SQS client's endpoint. */
  endpoint: string;
  queueUrl(queueName: string): string;
  queueArn(queueName: string): string;
  /** The queue itself, for assertions on what SQS would show in its console. */
  queue(queueName: string): LocalQueue;
  stop(): Promise<void>;
}

export class UnknownQueueError extends SqsActionError {
  constructor(queue: string) {
    super('QueueDoesNotExist', `the local SQS stand-in has no queue ${queue}`);
  }
}

/** Queue URLs and ARNs name this account, which is no real one (as in `local/lambda-context.ts`). */
const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_REGION = 'us-east-1';
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

/**
 * A local stand-in for Amazon SQS, not an emulator of all of it: no SQS emulator runs here
 * without Docker or a JVM jar from Maven (see FIELD-NOTES). It listens on 127.0.0.1 and speaks
 * the AWS JSON 1.0 protocol, so `@aws-sdk/client-sqs` talks to it unchanged and the scheduler
 * sends exactly as it does in AWS. It answers SendMessage(Batch), ReceiveMessage (with long
 * polling), DeleteMessage(Batch), ChangeMessageVisibility, GetQueueUrl and GetQueueAttributes,
 * over standard queues declared up front with their visibility timeout and redrive policy.
 *
 * @example
 * const sqs = await startSqsStandIn({ queues: [{ name: 'polls', visibilityTimeoutSeconds: 30 }] });
 * const client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials });
 * await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl('polls'), MessageBody: '…' }));
 */
export async function startSqsStandIn(options: SqsStandInOptions): Promise<RunningSqsStandIn> {
  const log = options.log ?? writeJsonLine;
  const sends = new EventEmitter();
  sends.setMaxListeners(0);
  let closing = false;
  const server = createServer((request, response) => {
    serve(request, response, context).catch((error: unknown) => {
      log({ level: 'error', message: 'local SQS stand-in request failed', error });
      if (!response.headersSent) sendJson(response, 500, { __type: 'com.amazonaws.sqs#InternalError', message: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const directory = queueDirectory(options.queues, endpoint, options.now ?? Date.now, () => sends.emit('send'));
  const context: ActionContext = {
    queues: directory.queues,
    waitForSend: (ms) => waitForEvent(sends, 'send', ms),
    isClosing: () => closing,
  };
  log({ level: 'info', message: 'local SQS stand-in listening', endpoint, queues: options.queues.map((queue) => queue.name) });
  return {
    endpoint,
    queueUrl: (name) => directory.queues.urlOf(name),
    queueArn: (name) => directory.queues.arnOf(name),
    queue: (name) => directory.byName(name),
    stop: async () => {
      closing = true;
      sends.emit('send');
      server.closeIdleConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function queueDirectory(definitions: readonly LocalQueueDefinition[], endpoint: string, now: () => number, onSend: () => void) {
  const byName = new Map(definitions.map((definition) => [definition.name, new LocalQueue(definition, now, onSend)]));
  for (const queue of byName.values()) {
    const redrive = queue.definition.redrive;
    if (!redrive) continue;
    const target = byName.get(redrive.deadLetterQueueName);
    if (!target) throw new UnknownQueueError(redrive.deadLetterQueueName);
    queue.redriveTo(target);
  }
  const find = (name: string): LocalQueue => {
    const queue = byName.get(name);
    if (!queue) throw new UnknownQueueError(name);
    return queue;
  };
  const queues: QueueDirectory = {
    byUrl: (queueUrl) => find(queueUrl.split('/').at(-1) ?? ''),
    urlOf: (name) => `${endpoint}/${LOCAL_ACCOUNT_ID}/${find(name).definition.name}`,
    arnOf: (name) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${find(name).definition.name}`,
  };
  return { queues, byName: find };
}

async function serve(request: IncomingMessage, response: ServerResponse, context: ActionContext): Promise<void> {
  const target = request.headers['x-amz-target'];
  const action = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : undefined;
  const handle = action === undefined ? undefined : SQS_ACTIONS[action];
  if (request.method !== 'POST' || !handle) {
    await readBody(request);
    return sendError(response, new SqsActionError('UnsupportedOperation', `the local SQS stand-in does not answer ${String(target ?? `${request.method} ${request.url}`)}`));
  }
  // A receive whose caller hung up must not take messages: they would be invisible to everyone.
  let hungUp = false;
  response.once('close', () => {
    hungUp = true;
  });
  const requestContext: ActionContext = { ...context, isClosing: () => hungUp || context.isClosing() };
  try {
    sendJson(response, 200, await handle(parseJson(await readBody(request)), requestContext));
  } catch (error) {
    if (!(error instanceof SqsActionError)) throw error;
    sendError(response, error);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    throw new SqsActionError('InvalidParameterValue', 'the request body is not JSON');
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new SqsActionError('InvalidParameterValue', 'request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The JSON protocol's error shape; the SDK names its exception after the part after `#`. SQS also
 * sends its older query-protocol code in `x-amzn-query-error`, which the SDK would prefer; left
 * out, so the shape names the exception alone.
 */
function sendError(response: ServerResponse, error: SqsActionError): void {
  const status = error.code === 'InternalError' ? 500 : 400;
  sendJson(response, status, { __type: `com.amazonaws.sqs#${error.code}`, message: error.message });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  response.end(text);
}

async function waitForEvent(emitter: EventEmitter, event: string, ms: number): Promise<void> {
  const timeout = AbortSignal.timeout(ms);
  await once(emitter, event, { signal: timeout }).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  });
}
