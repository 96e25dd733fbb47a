import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClientOptions } from '../../shared/aws/aws-clients.ts';
import { HttpDocumentTable } from '../../shared/aws/http-document-table.ts';
import type { EventLog } from '../../shared/log/event-log.ts';
import type { DocumentTable } from '../../shared/store/document-table.ts';
import { powertoolsEventLog } from '../../shared/log/powertools-event-log.ts';
import type { MetricService, PipelineMetrics } from '../../shared/observability/pipeline-metrics.ts';
import { createLambdaObservability, observedHandler, type InvocationKeys, type LambdaHandler } from '../observability/lambda-observability.ts';
import { powertoolsPipelineMetrics } from '../observability/powertools-pipeline-metrics.ts';
import { defaultProvider } from './lambda-credential-chain.ts';

export interface FunctionBootstrapOptions<Config> {
  /** Powertools' service name and the metrics' `service` dimension; the stack sets the same. */
  service: MetricService;
  /** Validates the environment; throws, naming every bad variable, so a cold start fails loudly. */
  loadConfig: (env: Record<string, string | undefined>) => Config;
}

/** What a handler module builds once per execution environment and passes to the domain. */
export interface FunctionRuntime<Config> {
  config: Config;
  /**
   * The table, as signed HTTP requests (`HttpDocumentTable`): the SDK's DynamoDB client and
   * DocumentClient were over 100 KiB of every bundle and most of a cold start's construction.
   * A function that needs an SDK client builds it and passes it to `traceClient`.
   */
  clients: { documents: DocumentTable };
  /** What the function signs its own calls with: the configured ones offline, the role's in Lambda. */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  log: EventLog;
  /** Flushed after every invocation of the observed handler. */
  metrics: PipelineMetrics;
  /** Adds an SDK client the function builds itself (the scheduler's SQS client, the newsletter's SES client) to its traces. */
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
 * const { config, clients, log, metrics, observe } = bootstrapFunction({ service: METRIC_SERVICES.poller, loadConfig: loadPollerConfig });
 * export const handler = observe(pollDue, (event) => ({ scheduledAt: event.time }));
 */
export function bootstrapFunction<Config extends { aws: AwsClientOptions }>(options: FunctionBootstrapOptions<Config>): FunctionRuntime<Config> {
  const config = options.loadConfig(process.env);
  const observability = createLambdaObservability(options.service);
  const credentials = config.aws.credentials ?? defaultProvider();
  return {
    config,
    clients: { documents: functionDocumentTable(config.aws, credentials) },
    credentials,
    log: powertoolsEventLog(observability.logger),
    metrics: powertoolsPipelineMetrics(observability.metrics),
    traceClient: (client) => observability.tracer.captureAWSv3Client(client),
    observe: (handle, invocationKeys) => observedHandler(observability, handle, invocationKeys),
  };
}

/** Its calls reach X-Ray as DynamoDB operations through the tracer's view of outgoing HTTP. */
function functionDocumentTable(aws: AwsClientOptions, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider): DocumentTable {
  return new HttpDocumentTable({
    region: aws.region,
    ...(aws.dynamoDbEndpoint === undefined ? {} : { endpoint: aws.dynamoDbEndpoint }),
    credentials,
  });
}
