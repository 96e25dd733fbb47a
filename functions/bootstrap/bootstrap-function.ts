import type { AwsClientOptions } from '../../shared/aws/aws-clients.ts';
import type { EventLog } from '../../shared/log/event-log.ts';
import { powertoolsEventLog } from '../../shared/log/powertools-event-log.ts';
import type { MetricService, PipelineMetrics } from '../../shared/observability/pipeline-metrics.ts';
import { createLambdaObservability, observedHandler, type InvocationKeys, type LambdaHandler } from '../observability/lambda-observability.ts';
import { powertoolsPipelineMetrics } from '../observability/powertools-pipeline-metrics.ts';
import type { DocumentTableFactory, FunctionTableClients } from './document-table-factory.ts';

export interface FunctionBootstrapOptions<Config> {
  /** Powertools' service name and the metrics' `service` dimension; the stack sets the same. */
  service: MetricService;
  /** Validates the environment; throws, naming every bad variable, so a cold start fails loudly. */
  loadConfig: (env: Record<string, string | undefined>) => Config;
  /** How this function reaches the table: `sdkDocumentTable`, or `httpDocumentTable` where cold start matters most. */
  documentTable: DocumentTableFactory;
}

/** What a handler module builds once per execution environment and passes to the domain. */
export interface FunctionRuntime<Config> {
  config: Config;
  /** The table's port, traced; a function that needs another client builds it and passes it to `traceClient`. */
  clients: FunctionTableClients;
  log: EventLog;
  /** Flushed after every invocation of the observed handler. */
  metrics: PipelineMetrics;
  /** Adds a client the function builds itself (the stream's S3 client, the scheduler's SQS client) to its traces. */
  traceClient<Client>(client: Client): Client;
  /** Wraps the module's handler in the observability of this function (`observedHandler`). */
  observe<E, R>(handle: LambdaHandler<E, R>, invocationKeys: InvocationKeys<E>): LambdaHandler<E, R>;
}

/**
 * The start of every handler module, in this order: configuration from the environment,
 * Powertools for the function's service, the table's port, traced. The same module runs in Lambda
 * and under `npm start`, where the environment points the clients at the emulators.
 *
 * @example
 * const { config, clients, log, metrics, observe } = bootstrapFunction({ service: METRIC_SERVICES.poller, loadConfig: loadPollerConfig, documentTable: sdkDocumentTable });
 * export const handler = observe(pollDue, (event) => ({ scheduledAt: event.time }));
 */
export function bootstrapFunction<Config extends { aws: AwsClientOptions }>(options: FunctionBootstrapOptions<Config>): FunctionRuntime<Config> {
  const config = options.loadConfig(process.env);
  const observability = createLambdaObservability(options.service);
  const traceClient = <Client>(client: Client) => observability.tracer.captureAWSv3Client(client);
  const clients = { documents: options.documentTable(config.aws, traceClient) };
  return {
    config,
    clients,
    log: powertoolsEventLog(observability.logger),
    metrics: powertoolsPipelineMetrics(observability.metrics),
    traceClient,
    observe: (handle, invocationKeys) => observedHandler(observability, handle, invocationKeys),
  };
}
