import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Context } from 'aws-lambda';
import { epochSeconds, newSegmentId, type SegmentSink, type SubsegmentDocument } from './xray-daemon.ts';
import { currentTraceHeader, formatTraceHeader, parseTraceHeader, type TraceHeader } from './xray-trace-header.ts';

type AsyncHandler<E, R> = (event: E, context: Context) => Promise<R>;

/** What the tracer needs of an AWS SDK v3 client: its middleware stack. */
export interface TraceableClient {
  middlewareStack: {
    add(middleware: (next: (args: SdkArgs) => Promise<SdkOutput>, context: { clientName?: string; commandName?: string }) => (args: SdkArgs) => Promise<SdkOutput>, options: { step: 'build'; name: string }): void;
    remove(name: string): boolean;
  };
  config: { region: string | (() => Promise<string>) };
}

interface SdkArgs {
  input?: Record<string, unknown>;
  request?: { headers?: Record<string, string> };
}

interface SdkOutput {
  output?: { $metadata?: SdkMetadata };
  response?: { headers?: Record<string, string> };
}

interface SdkMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  attempts?: number;
}

/** The invocation being traced: its trace and the `## handler` subsegment calls hang under. */
interface Invocation {
  trace: TraceHeader;
  parentId: string;
}

const MIDDLEWARE_NAME = 'XRaySDKInstrumentation';

/**
 * Active X-Ray tracing for a Lambda function, as Powertools Tracer did it with the X-Ray SDK: a
 * `## <handler>` subsegment per invocation (annotations `ColdStart` and `Service`, the error as
 * its cause), one `aws` subsegment per SDK call beneath it (service, operation, table, bucket or
 * queue, request id, status, retries; the call carries the trace header) and one `remote`
 * subsegment per outgoing HTTP request (the feed fetches). Subsegments go to the daemon as each
 * ends. The X-Ray SDK weighed about 120 KiB in every bundle and a third of the stream
 * function's import time; what it did for us is this.
 *
 * Enabled only inside Lambda (`AWS_LAMBDA_FUNCTION_NAME`), unless `POWERTOOLS_TRACE_ENABLED` is
 * `false` or under SAM's local emulator; elsewhere every method passes through.
 */
export class XRayTracer {
  private coldStart = true;
  private current: Invocation | undefined;

  constructor(
    private readonly service: string,
    private readonly sink: SegmentSink,
    readonly enabled: boolean,
  ) {
    if (enabled) this.traceHttpRequests();
  }

  captureAWSv3Client<Client>(client: Client): Client {
    if (!this.enabled) return client;
    const traceable = client as unknown as TraceableClient;
    traceable.middlewareStack.remove(MIDDLEWARE_NAME);
    traceable.middlewareStack.add((next, context) => (args) => this.tracedCall(traceable, context, args, next), { step: 'build', name: MIDDLEWARE_NAME });
    return client;
  }

  /** The handler, with its `## <handler>` subsegment; the response is never recorded. */
  captureLambdaHandler<E, R>(handle: AsyncHandler<E, R>): AsyncHandler<E, R> {
    if (!this.enabled) return handle;
    return async (event, context) => {
      const coldStart = this.coldStart;
      this.coldStart = false;
      const trace = parseTraceHeader(currentTraceHeader());
      if (!trace?.sampled) return handle(event, context);
      const id = newSegmentId();
      const startTime = epochSeconds();
      this.current = { trace, parentId: id };
      const annotations = { ColdStart: coldStart, Service: this.service };
      try {
        const result = await handle(event, context);
        this.sink.send({ ...this.subsegment(trace, trace.parent, id, `## ${process.env._HANDLER ?? 'handler'}`, startTime), annotations });
        return result;
      } catch (error) {
        this.sink.send({ ...this.subsegment(trace, trace.parent, id, `## ${process.env._HANDLER ?? 'handler'}`, startTime), annotations, fault: true, cause: causeOf(error, false) });
        throw error;
      } finally {
        this.current = undefined;
      }
    };
  }

  private async tracedCall(client: TraceableClient, context: { clientName?: string; commandName?: string }, args: SdkArgs, next: (args: SdkArgs) => Promise<SdkOutput>): Promise<SdkOutput> {
    const invocation = this.current;
    if (!invocation) return next(args);
    const id = newSegmentId();
    const startTime = epochSeconds();
    if (args.request?.headers) args.request.headers['X-Amzn-Trace-Id'] = formatTraceHeader(invocation.trace, id);
    const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
    const operation = (context.commandName ?? '').replace(/Command$/, '');
    const region = typeof client.config.region === 'function' ? await client.config.region() : client.config.region;
    try {
      const result = await next(args);
      const metadata = result.output?.$metadata ?? {};
      const contentLength = Number(result.response?.headers?.['content-length']);
      this.sink.send({
        ...this.subsegment(invocation.trace, invocation.parentId, id, service, startTime),
        namespace: 'aws',
        aws: awsAttributes(operation, region, args.input ?? {}, metadata),
        http: { response: { status: metadata.httpStatusCode, ...(Number.isFinite(contentLength) ? { content_length: contentLength } : {}) } },
        ...statusFlags(metadata.httpStatusCode),
      });
      return result;
    } catch (error) {
      const metadata = (error as { $metadata?: SdkMetadata }).$metadata ?? {};
      const throttled = metadata.httpStatusCode === 429 || /Throttl|TooManyRequests|ProvisionedThroughputExceeded/.test((error as Error).name ?? '');
      this.sink.send({
        ...this.subsegment(invocation.trace, invocation.parentId, id, service, startTime),
        namespace: 'aws',
        aws: awsAttributes(operation, region, args.input ?? {}, metadata),
        ...(metadata.httpStatusCode ? { http: { response: { status: metadata.httpStatusCode } } } : {}),
        ...statusFlags(metadata.httpStatusCode),
        ...(throttled ? { throttle: true as const, error: true as const } : {}),
        ...(metadata.httpStatusCode ? {} : { fault: true as const }),
        cause: causeOf(error, true),
      });
      throw error;
    }
  }

  /**
   * Outgoing HTTP through Node's client, seen on its diagnostics channels. Calls that carry a
   * trace header already are SDK calls, traced above. Partners are not sent our trace header.
   */
  private traceHttpRequests(): void {
    const started = new WeakMap<ClientRequest, { id: string; startTime: number; invocation: Invocation }>();
    subscribe('http.client.request.start', (message) => {
      const { request } = message as { request: ClientRequest };
      if (!this.current || request.getHeader('x-amzn-trace-id') !== undefined) return;
      const entry = { id: newSegmentId(), startTime: epochSeconds(), invocation: this.current };
      started.set(request, entry);
      request.once('error', (error) => {
        started.delete(request);
        this.sink.send({ ...this.remoteSubsegment(request, entry), fault: true, cause: causeOf(error, true) });
      });
    });
    subscribe('http.client.response.finish', (message) => {
      const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
      const entry = started.get(request);
      if (!entry) return;
      started.delete(request);
      const status = response.statusCode ?? 0;
      this.sink.send({ ...this.remoteSubsegment(request, entry), http: { request: requestOf(request), response: { status } }, ...statusFlags(status), ...awsJsonCallOf(request, response) });
    });
  }

  private remoteSubsegment(request: ClientRequest, entry: { id: string; startTime: number; invocation: Invocation }): SubsegmentDocument {
    return { ...this.subsegment(entry.invocation.trace, entry.invocation.parentId, entry.id, request.host, entry.startTime), namespace: 'remote', http: { request: requestOf(request) } };
  }

  private subsegment(trace: TraceHeader, parentId: string, id: string, name: string, startTime: number): SubsegmentDocument {
    return { id, name, trace_id: trace.root, parent_id: parentId, type: 'subsegment', start_time: startTime, end_time: epochSeconds() };
  }
}

/**
 * A call in an AWS JSON protocol sent without the SDK's client (the functions' DynamoDB table,
 * `HttpDocumentTable`) names its service and operation in `x-amz-target`: shown as the SDK's
 * calls are, so DynamoDB stays a node of the service map with its operations.
 */
function awsJsonCallOf(request: ClientRequest, response: IncomingMessage): Partial<Pick<SubsegmentDocument, 'name' | 'namespace' | 'aws'>> {
  const target = request.getHeader('x-amz-target');
  const match = typeof target === 'string' ? /^DynamoDB_\d+\.(\w+)$/.exec(target) : null;
  if (!match) return {};
  const requestId = response.headers['x-amzn-requestid'];
  return { name: 'DynamoDB', namespace: 'aws', aws: { operation: match[1], ...(typeof requestId === 'string' ? { request_id: requestId } : {}) } };
}

function requestOf(request: ClientRequest): { method: string; url: string } {
  const host = request.getHeader('host');
  return { method: request.method, url: `${request.protocol}//${typeof host === 'string' ? host : request.host}${request.path}` };
}

/** X-Ray's reading of a status: 429 throttle (an error), other 4xx error, 5xx fault. */
function statusFlags(status: number | undefined): Pick<SubsegmentDocument, 'error' | 'throttle' | 'fault'> {
  if (status === undefined) return {};
  if (status === 429) return { error: true, throttle: true };
  if (status >= 400 && status < 500) return { error: true };
  return status >= 500 ? { fault: true } : {};
}

/** The request parameters the X-Ray SDK recorded for our services, under its names. */
function awsAttributes(operation: string, region: string, input: Record<string, unknown>, metadata: SdkMetadata): Record<string, unknown> {
  const requestItems = input.RequestItems ?? undefined;
  return {
    operation,
    region,
    ...(metadata.requestId ? { request_id: metadata.requestId } : {}),
    ...(metadata.extendedRequestId ? { id_2: metadata.extendedRequestId } : {}),
    retries: Math.max(0, (metadata.attempts ?? 1) - 1),
    ...(typeof input.TableName === 'string' ? { table_name: input.TableName } : {}),
    ...(typeof input.IndexName === 'string' ? { index_name: input.IndexName } : {}),
    ...(requestItems && typeof requestItems === 'object' ? { table_names: Object.keys(requestItems) } : {}),
    ...(typeof input.Bucket === 'string' ? { bucket_name: input.Bucket } : {}),
    ...(typeof input.Key === 'string' ? { key: input.Key } : {}),
    ...(typeof input.QueueUrl === 'string' ? { queue_url: input.QueueUrl } : {}),
    ...(Array.isArray(input.Entries) ? { message_count: input.Entries.length } : {}),
  };
}

function causeOf(error: unknown, remote: boolean): NonNullable<SubsegmentDocument['cause']> {
  const described = error instanceof Error ? error : new Error(String(error));
  return { working_directory: process.cwd(), exceptions: [{ id: newSegmentId(), message: described.message, type: described.name, ...(remote ? { remote: true } : {}) }] };
}

/** Whether this process traces: Lambda's environment, as Powertools Tracer decided it. */
export function tracingEnabled(env: Record<string, string | undefined>): boolean {
  if (env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() === 'false') return false;
  if (env.AWS_SAM_LOCAL === 'true') return false;
  return env.AWS_LAMBDA_FUNCTION_NAME !== undefined && env.AWS_LAMBDA_FUNCTION_NAME !== '';
}
