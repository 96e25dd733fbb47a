import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { PipelineMetrics } from '../../shared/observability/pipeline-metrics.ts';

/**
 * Adapts Powertools' Metrics (CloudWatch embedded metric format, written to the log and turned
 * into metrics by CloudWatch without any API call) to the domain's metrics port.
 */
export function powertoolsPipelineMetrics(metrics: Metrics): PipelineMetrics {
  return {
    count: (metric, value = 1) => metrics.addMetric(metric, MetricUnit.Count, value),
    duration: (metric, milliseconds) => metrics.addMetric(metric, MetricUnit.Milliseconds, milliseconds),
  };
}
