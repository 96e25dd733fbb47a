/** Order statistics and the number formats every section prints with. */

export interface Summary {
  count: number;
  min: number;
  median: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile: always one of the measured values, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function summarise(values: readonly number[]): Summary {
  return {
    count: values.length,
    min: percentile(values, 0),
    median: median(values),
    p95: percentile(values, 95),
    max: percentile(values, 100),
  };
}

/** Milliseconds below ten seconds, seconds above: the unit a reader expects at that size. */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function formatRatio(numerator: number, denominator: number): string {
  return `${(numerator / denominator).toFixed(2)}×`;
}

export function formatRate(count: number, ms: number, unit: string): string {
  return `${formatCount(Math.round((count * 1000) / ms))} ${unit}/s`;
}

type SummaryField = Exclude<keyof Summary, 'count'>;

/** `median 12.3 ms, p95 15.0 ms` and so on, for one summary. */
export function formatSummary(summary: Summary, fields: readonly SummaryField[] = ['median', 'p95']): string {
  return fields.map((field) => `${field} ${formatMs(summary[field])}`).join(', ');
}
