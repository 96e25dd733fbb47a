import type { ScheduledEvent } from 'aws-lambda';
import * as z from '../../shared/validation/zod-mini.ts';
import type { PlanRunSummary } from '../../shared/newsletter/send/digest-planner.ts';
import { COUNT_METRICS } from '../../shared/observability/pipeline-metrics.ts';
import { bootstrapNewsletterFunction } from '../bootstrap/newsletter-runtime.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { log, metrics, observe, services } = bootstrapNewsletterFunction();

const ScheduledEventSchema = z.object({ time: z.string() });

/** EventBridge schedule → plan every due newsletter's issue → recipient batches on the queue. */
export const handler = observe(planDue, (event: ScheduledEvent) => ({ scheduledAt: event.time }));

async function planDue(event: ScheduledEvent): Promise<PlanRunSummary> {
  if (!ScheduledEventSchema.safeParse(event).success) log.warn('scheduler invoked without a scheduled event; planning anyway');
  const { planner } = await services();
  const summary = await planner.planDue();
  // Failed newsletters stay due; the next run retries them. Failing here would retry the others too.
  if (summary.failed.length > 0) log.error('some newsletters were not planned', { failed: summary.failed });
  metrics.count(COUNT_METRICS.newsletterPlanFailures, summary.failed.length);
  return summary;
}
