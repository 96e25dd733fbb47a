import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, type MetricService } from '../../shared/observability/pipeline-metrics.ts';

/** The three Powertools utilities of one function, built once per execution environment. */
export interface LambdaObservability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export function createLambdaObservability(service: MetricService): LambdaObservability {
  return {
    logger: new Logger({ serviceName: service }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service }),
    // Outside Lambda (npm start, tests) the Tracer disables itself: no daemon, no segments.
    tracer: new Tracer({ serviceName: service }),
  };
}

/** Log keys that identify one invocation's input, e.g. the stream batch's sequence range. */
export type InvocationKeys<E> = (event: E) => Record<string, unknown>;

/**
 * Wraps a handler so every invocation gets the same treatment as Powertools' middy middleware,
 * without a middleware framework: Lambda context and correlation id on every log line, a traced
 * `## handler` subsegment, a ColdStart metric, and metrics flushed before the invocation returns.
 * `context` is optional because the local stream pump invokes the module with the event only.
 *
 * @example
 * export const handler = observedHandler(observability, (event) => process(event), batchKeys);
 */
export function observedHandler<E, R>(
  observability: LambdaObservability,
  handle: (event: E) => Promise<R>,
  invocationKeys: InvocationKeys<E>,
): (event: E, context?: Context) => Promise<R> {
  const { logger, metrics, tracer } = observability;
  return async (event, context) => {
    if (context) logger.addContext(context);
    // The on-failure message names the request id of the last failed invocation: searching the
    // logs for it as the correlation id finds the lines of the batch that went to the DLQ.
    if (context) logger.setCorrelationId(context.awsRequestId);
    logger.appendKeys(invocationKeys(event));
    metrics.captureColdStartMetric();
    const trace = openHandlerSubsegment(tracer);
    try {
      return await handle(event);
    } catch (error) {
      if (tracer.isTracingEnabled()) tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      trace?.close();
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}

function openHandlerSubsegment(tracer: Tracer): { close(): void } | undefined {
  if (!tracer.isTracingEnabled()) return undefined;
  const segment = tracer.getSegment();
  if (!segment) return undefined;
  const subsegment = segment.addNewSubsegment('## handler');
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  return {
    close: () => {
      subsegment.close();
      tracer.setSegment(segment);
    },
  };
}
