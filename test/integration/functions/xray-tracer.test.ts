import { createSocket } from 'node:dgram';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { daemonAddressOf, XRayDaemonSink, type SubsegmentDocument } from '../../../functions/observability/xray-daemon.ts';
import { tracingEnabled, XRayTracer } from '../../../functions/observability/xray-tracer.ts';
import { createDynamoDbClients } from '../../../shared/aws/dynamodb-clients.ts';
import { HttpDocumentTable } from '../../../shared/aws/http-document-table.ts';
import { LOCAL_POLLER_FUNCTION, localLambdaContext } from '../../../local/lambda-context.ts';
import { emulatorClientOptions } from '../../support/emulator-clients.ts';

const ROOT = '1-6745a1b2-0123456789abcdef01234567';
const LAMBDA_SEGMENT = '53995c3f42cd8ad8';

/** The daemon's side: every datagram, header line checked, as a document. */
async function startFakeDaemon(): Promise<{ address: string; documents: SubsegmentDocument[]; close(): void }> {
  const socket = createSocket('udp4');
  const documents: SubsegmentDocument[] = [];
  socket.on('message', (datagram) => {
    const [header, body] = datagram.toString('utf8').split('\n', 2);
    expect(JSON.parse(header ?? '')).toEqual({ format: 'json', version: 1 });
    documents.push(JSON.parse(body ?? '') as SubsegmentDocument);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${(socket.address() as AddressInfo).port}`, documents, close: () => socket.close() };
}

async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 2_000, interval: 10 });
}

let daemon: Awaited<ReturnType<typeof startFakeDaemon>>;
let partner: Server;
let partnerUrl: string;
const clients = createDynamoDbClients(emulatorClientOptions());
const seenTraceHeaders: (string | undefined)[] = [];

beforeAll(async () => {
  daemon = await startFakeDaemon();
  partner = createServer((incoming, response) => {
    seenTraceHeaders.push(incoming.headers['x-amzn-trace-id'] as string | undefined);
    response.writeHead(incoming.url === '/gone.xml' ? 410 : 200).end('<rss/>');
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
});

afterAll(() => {
  daemon.close();
  partner.close();
  clients.dynamoDb.destroy();
});

afterEach(() => {
  vi.unstubAllEnvs();
  daemon.documents.length = 0;
});

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('the X-Ray tracer', () => {
  it('sends a ## handler subsegment with ColdStart and Service, and the SDK calls and HTTP requests beneath it', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`);
    vi.stubEnv('_HANDLER', 'index.handler');
    const tracer = new XRayTracer('feedline-poller', new XRayDaemonSink(daemonAddressOf(daemon.address)), true);
    const dynamoDb = tracer.captureAWSv3Client(clients.dynamoDb);
    const handler = tracer.captureLambdaHandler(async () => {
      await dynamoDb.send(new ListTablesCommand({}));
      await dynamoDb.send(new DescribeTableCommand({ TableName: 'no-such-table' })).catch(() => undefined);
      return get(`${partnerUrl}/gone.xml`);
    });

    expect(await handler({}, localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-west-1' }))).toBe(410);
    await handler({}, localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-west-1' }));
    await until(() => daemon.documents.length === 8);

    const [listTables, describeTable, fetch, handlerSegment, ...second] = daemon.documents;
    expect(handlerSegment).toMatchObject({ name: '## index.handler', type: 'subsegment', trace_id: ROOT, parent_id: LAMBDA_SEGMENT, annotations: { ColdStart: true, Service: 'feedline-poller' } });
    expect(second.at(-1)).toMatchObject({ name: '## index.handler', annotations: { ColdStart: false } });
    expect(listTables).toMatchObject({ name: 'DynamoDB', namespace: 'aws', parent_id: handlerSegment?.id, aws: { operation: 'ListTables', region: 'us-east-1', retries: 0 }, http: { response: { status: 200 } } });
    expect(describeTable).toMatchObject({ name: 'DynamoDB', aws: { operation: 'DescribeTable', table_name: 'no-such-table' }, error: true, http: { response: { status: 400 } } });
    expect(describeTable?.cause?.exceptions[0]).toMatchObject({ type: 'ResourceNotFoundException', remote: true });
    expect(fetch).toMatchObject({ name: '127.0.0.1', namespace: 'remote', parent_id: handlerSegment?.id, error: true, http: { request: { method: 'GET', url: `${partnerUrl}/gone.xml` }, response: { status: 410 } } });
    for (const document of daemon.documents) expect(document.end_time).toBeGreaterThanOrEqual(document.start_time);
    expect(seenTraceHeaders.every((header) => header === undefined)).toBe(true);
  });

  it("shows the HTTP table adapter's DynamoDB calls as DynamoDB operations, not as calls to a host", async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`);
    const tracer = new XRayTracer('feedline-stream', new XRayDaemonSink(daemonAddressOf(daemon.address)), true);
    const options = emulatorClientOptions();
    const table = new HttpDocumentTable({ region: options.region, endpoint: options.dynamoDbEndpoint, credentials: options.credentials ?? { accessKeyId: '', secretAccessKey: '' } });
    const handler = tracer.captureLambdaHandler(() => table.get({ TableName: 'no-such-table', Key: { pk: 'a', sk: 'b' } }).catch(() => undefined));

    await handler({}, localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-west-1' }));
    await until(() => daemon.documents.length === 2);

    const [getItem, handlerSegment] = daemon.documents;
    expect(getItem).toMatchObject({ name: 'DynamoDB', namespace: 'aws', parent_id: handlerSegment?.id, aws: { operation: 'GetItem' }, error: true, http: { response: { status: 400 } } });
    expect(getItem?.aws?.request_id).toEqual(expect.any(String));
  });

  it('records a failed invocation as a fault with its error as the cause, and rethrows it', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`);
    const tracer = new XRayTracer('feedline-stream', new XRayDaemonSink(daemonAddressOf(daemon.address)), true);
    const handler = tracer.captureLambdaHandler(async () => {
      throw new RangeError('feed too large');
    });

    await expect(handler({}, localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-west-1' }))).rejects.toThrow('feed too large');
    await until(() => daemon.documents.length === 1);

    expect(daemon.documents[0]).toMatchObject({ fault: true, cause: { exceptions: [{ type: 'RangeError', message: 'feed too large' }] } });
  });

  it('sends nothing for an unsampled invocation, and passes through when disabled', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=0`);
    const sampledOut = new XRayTracer('feedline-stream', new XRayDaemonSink(daemonAddressOf(daemon.address)), true);
    const dynamoDb = sampledOut.captureAWSv3Client(clients.dynamoDb);
    await sampledOut.captureLambdaHandler(() => dynamoDb.send(new ListTablesCommand({})))({}, localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-west-1' }));
    const handle = async () => 'same function';
    expect(new XRayTracer('feedline-stream', { send: () => undefined }, false).captureLambdaHandler(handle)).toBe(handle);

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(daemon.documents).toEqual([]);
  });

  it('is on in Lambda only, and off when Powertools is told so or under SAM local', () => {
    expect(tracingEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'feedline-stream' })).toBe(true);
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'feedline-stream', POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
    expect(tracingEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'feedline-stream', AWS_SAM_LOCAL: 'true' })).toBe(false);
    expect(daemonAddressOf('tcp:169.254.79.129:2000 udp:169.254.79.130:2001')).toEqual({ host: '169.254.79.130', port: 2001 });
    expect(daemonAddressOf('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
  });
});
