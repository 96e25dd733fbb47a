import { fileURLToPath } from 'node:url';
import { CfnOutput } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { FeedPollerFunctions } from './constructs/feed-poller-functions.ts';
import { WebSubCallbackFunction } from './constructs/websub-callback-function.ts';
import type { FeedlineStackPart } from './feedline-stack.ts';

const POLLER_HANDLER_ENTRY = fileURLToPath(new URL('../functions/poller/handler.ts', import.meta.url));
const POLL_WORKER_HANDLER_ENTRY = fileURLToPath(new URL('../functions/poll-worker/handler.ts', import.meta.url));
const WEBSUB_HANDLER_ENTRY = fileURLToPath(new URL('../functions/websub/handler.ts', import.meta.url));

/** The ingest path: the poll scheduler, its queue and workers, the WebSub callback, alarms and outputs, added to the core stack. */
export const feedPollerPart: FeedlineStackPart = (scope, core) => {
  const websub = new WebSubCallbackFunction(scope, 'WebSubCallback', {
    entry: WEBSUB_HANDLER_ENTRY,
    depsLockFilePath: core.depsLockFilePath,
    table: core.table,
    logRetention: core.deployment.logRetentionDays as logs.RetentionDays,
  });
  const poller = new FeedPollerFunctions(scope, 'Poller', {
    entry: POLLER_HANDLER_ENTRY,
    workerEntry: POLL_WORKER_HANDLER_ENTRY,
    depsLockFilePath: core.depsLockFilePath,
    table: core.table,
    schedule: events.Schedule.expression(core.deployment.pollSchedule),
    maxWorkers: core.deployment.pollWorkers,
    logRetention: core.deployment.logRetentionDays as logs.RetentionDays,
    userAgent: `Feedline/0.1 (feed poller; +${core.deployment.siteUrl})`,
    websubCallbackBaseUrl: websub.functionUrl.url,
  });
  core.monitoring.addPollerMonitoring({ scheduler: poller.function, worker: poller.worker, queue: poller.queue, deadLetters: poller.deadLetters });
  new CfnOutput(scope, 'PollerFunctionName', { value: poller.function.functionName });
  new CfnOutput(scope, 'PollWorkerFunctionName', { value: poller.worker.functionName });
  new CfnOutput(scope, 'PollDeadLetterQueueUrl', { value: poller.deadLetters.queueUrl });
  new CfnOutput(scope, 'WebSubCallbackUrl', { value: websub.functionUrl.url });
};
