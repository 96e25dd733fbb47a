import { Validations, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { MetricService } from '../../shared/observability/pipeline-metrics.ts';
import { HANDLER_PLATFORM, nodejsFunctionBundling } from '../handler-bundling.ts';
import { observabilityEnvironment, type FunctionEnvironment } from '../runtime-environment.ts';

export interface FeedlineFunctionProps {
  /** Powertools' service name and the metrics' `service` dimension, which the alarms match on. */
  service: MetricService;
  description: string;
  /** TypeScript module exporting `handler` (functions/<name>/handler.ts). */
  entry: string;
  /** The lock file whose folder esbuild resolves dependencies from. */
  depsLockFilePath: string;
  memorySize: number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
  /** The function's own settings, typed from the schema its handler validates at cold start. */
  environment: FunctionEnvironment;
  reservedConcurrentExecutions?: number;
  /** The Parameters and Secrets extension, for a function that reads a secret without bundling an SDK client. */
  paramsAndSecrets?: lambda.ParamsAndSecretsLayerVersion;
}

/**
 * One Lambda function as Feedline deploys every function: its own log group and an explicit role
 * that may write only there, active X-Ray tracing, the Powertools environment for its service,
 * and the shared platform and bundling. Callers grant the rest through `role`.
 *
 * @example
 * const worker = new FeedlineFunction(this, 'Default', { service: METRIC_SERVICES.poller, entry, … });
 * worker.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
 */
export class FeedlineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FeedlineFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    // An explicit role instead of AWSLambdaBasicExecutionRole, whose log actions apply to `*`.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: props.entry,
      handler: 'handler',
      depsLockFilePath: props.depsLockFilePath,
      ...HANDLER_PLATFORM,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      ...(props.paramsAndSecrets ? { paramsAndSecrets: props.paramsAndSecrets } : {}),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: { ...props.environment, ...observabilityEnvironment(props.service) },
      bundling: nodejsFunctionBundling(),
    });
    Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only xray:PutTraceSegments and xray:PutTelemetryRecords (added by active tracing), which have no resource-level permissions.',
    });
  }
}
