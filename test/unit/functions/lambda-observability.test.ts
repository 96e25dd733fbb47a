import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLambdaObservability, observedHandler } from '../../../functions/observability/lambda-observability.ts';
import { LOCAL_POLLER_FUNCTION, localLambdaContext } from '../../../local/lambda-context.ts';
import { COUNT_METRICS, METRIC_SERVICES } from '../../../shared/observability/pipeline-metrics.ts';
import { captureOutput } from '../../support/captured-output.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const invocation = () => localLambdaContext(LOCAL_POLLER_FUNCTION, { region: 'eu-west-1' });

/** Powertools writes one JSON document per line: log lines and EMF metric documents alike. */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const metricDocuments = (text: string) => jsonLines(text).filter((line) => '_aws' in line);
const logLines = (text: string) => jsonLines(text).filter((line) => 'message' in line);

describe('observedHandler', () => {
  it("puts the invocation's context, its request id as correlation id and its keys on every line it logs, and only there", async () => {
    const observability = createLambdaObservability(METRIC_SERVICES.poller);
    const output = captureOutput();
    const handler = observedHandler(
      observability,
      async (event: { scheduledAt: string }) => {
        observability.logger.info('poll run started');
        return event.scheduledAt;
      },
      (event) => ({ scheduledAt: event.scheduledAt }),
    );
    const context = invocation();

    expect(await handler({ scheduledAt: '2026-11-20T10:00:00Z' }, context)).toBe('2026-11-20T10:00:00Z');
    observability.logger.info('between invocations');

    const [inside, after] = logLines(output.out());
    expect(inside).toMatchObject({
      message: 'poll run started',
      service: METRIC_SERVICES.poller,
      function_name: 'feedline-poller',
      function_request_id: context.awsRequestId,
      correlation_id: context.awsRequestId,
      scheduledAt: '2026-11-20T10:00:00Z',
    });
    expect(after).toMatchObject({ message: 'between invocations' });
    expect(after).not.toHaveProperty('correlation_id');
    expect(after).not.toHaveProperty('scheduledAt');
  });

  it('flushes the metrics of an invocation before it returns, counts the cold start once, and writes nothing for an invocation without metrics', async () => {
    // Lambda sets this; Powertools counts no cold start without it.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const observability = createLambdaObservability(METRIC_SERVICES.poller);
    const output = captureOutput();
    const handler = observedHandler(
      observability,
      async (polled: number) => {
        if (polled > 0) observability.metrics.addMetric(COUNT_METRICS.feedsPolled, MetricUnit.Count, polled);
      },
      () => ({}),
    );

    await handler(3, invocation());
    const first = metricDocuments(output.out());
    await handler(0, invocation());
    await handler(2, invocation());

    expect(first).toEqual([
      expect.objectContaining({ service: METRIC_SERVICES.poller, ColdStart: 1 }),
      expect.objectContaining({ service: METRIC_SERVICES.poller, FeedsPolled: 3 }),
    ]);
    expect(metricDocuments(output.out()).slice(first.length)).toEqual([expect.objectContaining({ FeedsPolled: 2 })]);
    expect(output.err()).toBe('');
  });

  it('rethrows a failure after flushing the metrics recorded before it and dropping the invocation keys', async () => {
    const observability = createLambdaObservability(METRIC_SERVICES.stream);
    const output = captureOutput();
    const handler = observedHandler(
      observability,
      async () => {
        observability.metrics.addMetric(COUNT_METRICS.renderFailures, MetricUnit.Count, 1);
        throw new Error('render failed');
      },
      () => ({ firstSequenceNumber: '100' }),
    );

    await expect(handler({}, invocation())).rejects.toThrow('render failed');
    observability.logger.info('next invocation');

    expect(metricDocuments(output.out())).toContainEqual(expect.objectContaining({ RenderFailures: 1 }));
    expect(logLines(output.out()).at(-1)).not.toHaveProperty('firstSequenceNumber');
  });
});
