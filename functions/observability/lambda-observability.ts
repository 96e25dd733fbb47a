import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, type MetricService } from '../../shared/observability/pipeline-metrics.ts';
import { daemonAddressOf, XRayDaemonSink } from './xray-daemon.ts';
import { tracingEnabled, XRayTracer } from './xray-tracer.ts';

/** Powertools' Logger and Metrics and our X-Ray tracer, built once per execution environment. */
export interface LambdaObservability {
  logger: Logger;
  metrics: Metrics;
  tracer: XRayTracer;
}

export function createLambdaObservability(service: MetricService): LambdaObservability {
  return {
    logger: new Logger({ serviceName: service }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service }),
    // Outside Lambda (npm start, tests) the tracer disables itself: no daemon, no segments.
    tracer: new XRayTracer(service, new XRayDaemonSink(daemonAddressOf(process.env.AWS_XRAY_DAEMON_ADDRESS)), tracingEnabled(process.env)),
  };
}

/** A handler as Lambda invokes it; Feedline's are async and get the context. */
export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

/** Log keys that identify one invocation's input, e.g. the stream batch's sequence range. */
export type InvocationKeys<E> = (event: E) => Record<string, unknown>;

/**
 * Wraps a handler, once, at module scope: the traced `## <handler>` subsegment with the error as
 * its cause (`captureLambdaHandler`), then Powertools' Lambda context on every log line and the
 * invocation's keys dropped after it (`injectLambdaContext`). Here the request id is the
 * correlation id, the invocation keys are added, and metrics are flushed.
 *
 * @example
 * export const handler = observedHandler(observability, publishBatch, batchKeys);
 */
export function observedHandler<E, R>(
  observability: LambdaObservability,
  handle: LambdaHandler<E, R>,
  invocationKeys: InvocationKeys<E>,
): LambdaHandler<E, R> {
  const { logger, metrics, tracer } = observability;
  // Responses stay out of traces: a callback's body echoes what a hub sent.
  return tracer.captureLambdaHandler(decorated(withInvocationKeys(logger, publishingMetrics(metrics, handle), invocationKeys), [logger.injectLambdaContext({ resetKeys: true })]));
}

function withInvocationKeys<E, R>(logger: Logger, handle: LambdaHandler<E, R>, invocationKeys: InvocationKeys<E>): LambdaHandler<E, R> {
  return (event, context) => {
    // The on-failure message names the request id of the last failed invocation: searching the
    // logs for it as the correlation id finds the lines of the batch that went to the DLQ.
    logger.setCorrelationId(context.awsRequestId);
    logger.appendKeys(invocationKeys(event));
    return handle(event, context);
  };
}

/**
 * What Powertools' `logMetrics` does, less its warning on every invocation that records no
 * metric: here that is normal (a poll run with nothing due, every WebSub verification), and the
 * warning would be an unstructured line on each.
 */
function publishingMetrics<E, R>(metrics: Metrics, handle: LambdaHandler<E, R>): LambdaHandler<E, R> {
  return async (event, context) => {
    metrics.captureColdStartMetric();
    try {
      return await handle(event, context);
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

type HandlerMethodDecorator = ReturnType<Logger['injectLambdaContext']>;

/**
 * Powertools ships its wrappers as middy middlewares (@middy/core is not installed) and as
 * legacy method decorators, whose `@` syntax needs `experimentalDecorators`. A legacy decorator
 * is a function that replaces a property descriptor's value, so it is applied to a descriptor
 * holding the handler: Powertools' own code runs, without a framework or a compiler flag.
 */
function decorated<E, R>(handler: LambdaHandler<E, R>, outermostFirst: HandlerMethodDecorator[]): LambdaHandler<E, R> {
  let current = handler as LambdaHandler<unknown, unknown>;
  for (const decorator of outermostFirst.toReversed()) {
    const descriptor = { value: current };
    decorator({ handler: current }, 'handler', descriptor);
    current = descriptor.value;
  }
  return current as LambdaHandler<E, R>;
}
