import type { CountMetric, DurationMetric, PipelineMetrics } from '../../shared/observability/pipeline-metrics.ts';

/** A PipelineMetrics that adds up what was reported, for asserting on counts. */
export class CollectingMetrics implements PipelineMetrics {
  private readonly counts = new Map<CountMetric, number>();
  readonly durations: { metric: DurationMetric; milliseconds: number }[] = [];

  count(metric: CountMetric, value = 1): void {
    this.counts.set(metric, (this.counts.get(metric) ?? 0) + value);
  }

  duration(metric: DurationMetric, milliseconds: number): void {
    this.durations.push({ metric, milliseconds });
  }

  total(metric: CountMetric): number {
    return this.counts.get(metric) ?? 0;
  }
}
