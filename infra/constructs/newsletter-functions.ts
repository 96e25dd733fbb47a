import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SnsEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { z } from 'zod';
import type { NewsletterEnvSchema } from '../../shared/config/newsletter-config.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import type { LambdaRuntimeEnvironment } from '../runtime-environment.ts';
import { FeedlineFunction } from './feedline-function.ts';

export interface NewsletterEntries {
  web: string;
  scheduler: string;
  sender: string;
  events: string;
}

export interface NewsletterFunctionsProps {
  entries: NewsletterEntries;
  depsLockFilePath: string;
  table: dynamodb.ITableV2;
  /** The default publication's SITE_* settings, as the stream function gets them. */
  site: Pick<LambdaRuntimeEnvironment, 'SITE_TITLE' | 'SITE_DESCRIPTION' | 'SITE_URL' | 'FEED_BASE_URL' | 'SITE_LANGUAGE' | 'TAG_AUTHORITY'>;
  /** The sending domain: an SES domain identity with Easy DKIM is created for it. */
  domain: string;
  /** The account's SES sending rate (mails a second). */
  sendRate: number;
  logRetention: logs.RetentionDays;
}

type NewsletterEnvironment = Partial<Record<keyof z.input<typeof NewsletterEnvSchema>, string>> & { TABLE_NAME: string };

/** Sender invocations at once (SQS's minimum maximum concurrency): the account's rate is split between them. */
const SENDER_CONCURRENCY = 2;
/** Recipient batches per sender invocation: 5 × 50 recipients at a few a second fits the timeout. */
const SENDER_BATCH_SIZE = 5;
const SENDER_TIMEOUT = Duration.minutes(5);
/** Each message is tried this often (a throttled batch comes back) before it waits in the DLQ. */
const MAX_RECEIVE_COUNT = 5;
/** Anonymous callers of the form can make us spend this much at most. */
const WEB_RESERVED_CONCURRENCY = 10;

/**
 * The newsletter: a public endpoint (function URL: subscribe form, confirm and unsubscribe links),
 * a scheduler every five minutes that plans due issues onto a queue, a sender on that queue that
 * calls SES v2 with a configuration set, and an events function that suppresses the addresses SES
 * reports as bounced or complaining (configuration set → SNS topic). Each role reaches only the
 * key prefixes of the items it touches, SES only through the identity and configuration set.
 */
export class NewsletterFunctions extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly web: NodejsFunction;
  readonly webUrl: lambda.FunctionUrl;
  readonly scheduler: NodejsFunction;
  readonly sender: NodejsFunction;
  readonly events: NodejsFunction;

  constructor(scope: Construct, id: string, private readonly props: NewsletterFunctionsProps) {
    super(scope, id);
    this.secret = this.createSecret();
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true, suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS });
    this.identity = new ses.EmailIdentity(this, 'Identity', { identity: ses.Identity.domain(props.domain), configurationSet: this.configurationSet });
    this.feedbackTopic = this.createFeedbackTopic();
    this.configurationSet.addEventDestination('Feedback', { destination: ses.EventDestination.snsTopic(this.feedbackTopic), events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT] });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the recipient queue; a DLQ of a DLQ would only move the problem.' });
    this.queue = new sqs.Queue(this, 'Recipients', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    const web = this.newsletterFunction('Web', 'Newsletter endpoint: subscribe form, confirmation and one-click unsubscribe links', props.entries.web, Duration.seconds(15), WEB_RESERVED_CONCURRENCY);
    this.web = web.function;
    this.webUrl = this.web.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    const links = { NEWSLETTER_BASE_URL: this.webUrl.url };
    // Definitions and publication settings; the subscriber's state, and the rate counters.
    this.allowItems(web, ['dynamodb:GetItem'], ['NETWORK', 'NLSUB#*']);
    this.allowItems(web, ['dynamodb:UpdateItem'], ['NLSUB#*', 'RATE#*']);
    this.allowSending(web);

    const scheduler = this.newsletterFunction('Scheduler', 'Plans due newsletter issues and queues their recipients', props.entries.scheduler, Duration.minutes(5), undefined, { ...links, NEWSLETTER_QUEUE_URL: this.queue.queueUrl });
    this.scheduler = scheduler.function;
    // It reads definitions, subscribers and its publication's feed (`FEED#<feed>` in the default
    // one, `PUB#<id>#FEED#<feed>` in another), and writes only the digest and the newsletter's progress.
    this.allowItems(scheduler, ['dynamodb:Query'], ['NETWORK', 'NLSUB#*', 'FEED#*', 'PUB#*#FEED#*']);
    this.allowItems(scheduler, ['dynamodb:GetItem'], ['NETWORK', 'DIGEST#*']);
    this.allowItems(scheduler, ['dynamodb:PutItem'], ['DIGEST#*']);
    this.allowItems(scheduler, ['dynamodb:UpdateItem'], ['NETWORK']);
    // SendMessageBatch is authorised as sqs:SendMessage; the queue is SQS-encrypted, so no KMS.
    scheduler.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    new events.Rule(this, 'Schedule', {
      description: 'Plans the newsletters whose send time has come; the others are skipped',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      // The next tick is the retry: a newsletter stays due until its slot is planned.
      targets: [new targets.LambdaFunction(this.scheduler, { retryAttempts: 0, maxEventAge: Duration.minutes(5) })],
    });

    const sender = this.newsletterFunction('Sender', 'Sends queued newsletter recipient batches through SES', props.entries.sender, SENDER_TIMEOUT, undefined, {
      ...links,
      NEWSLETTER_SEND_RATE: String(Math.max(1, Math.floor(props.sendRate / SENDER_CONCURRENCY))),
    });
    this.sender = sender.function;
    this.allowItems(sender, ['dynamodb:GetItem'], ['DIGEST#*']);
    this.allowItems(sender, ['dynamodb:BatchGetItem'], ['NLSUB#*', 'SUPPRESSION#*']);
    // Claims (Put) and sent marks (Update) go in TransactWriteItems, authorised per action; a failed send releases (Delete).
    this.allowItems(sender, ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], ['DELIVERY#*']);
    this.allowSending(sender);
    this.sender.addEventSource(new SqsEventSource(this.queue, { batchSize: SENDER_BATCH_SIZE, maxConcurrency: SENDER_CONCURRENCY, reportBatchItemFailures: true }));

    const feedback = this.newsletterFunction('Events', 'Suppresses addresses SES reports as bounced or complaining', props.entries.events, Duration.seconds(30), undefined, links);
    this.events = feedback.function;
    this.allowItems(feedback, ['dynamodb:PutItem'], ['SUPPRESSION#*']);
    this.events.addEventSource(new SnsEventSource(this.feedbackTopic));
  }

  private createSecret(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'Key', {
      description: 'Feedline newsletter key: derives the address encryption, address lookup and link-signing keys',
      // 64 hexadecimal digits: Secrets Manager cannot generate hex, so everything else is excluded.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, excludeUppercase: true, includeSpace: false, excludeCharacters: 'ghijklmnopqrstuvwxyz' },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating this key would make every stored address unreadable and every mailed link invalid; it is rotated by a planned re-encryption, not on a timer.',
    });
    return secret;
  }

  /** SES publishes to it; a key of our own, because SES must be allowed to use it and an AWS-managed SNS key cannot say so. */
  private createFeedbackTopic(): sns.Topic {
    const key = new kms.Key(this, 'FeedbackKey', { enableKeyRotation: true, description: 'Encrypts the SES bounce and complaint notifications of the newsletter' });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return new sns.Topic(this, 'Feedback', { masterKey: key, enforceSSL: true, displayName: 'Feedline newsletter bounces and complaints' });
  }

  private newsletterFunction(id: string, description: string, entry: string, timeout: Duration, reservedConcurrentExecutions?: number, extra: Partial<NewsletterEnvironment> = {}): FeedlineFunction {
    const environment: NewsletterEnvironment = {
      TABLE_NAME: this.props.table.tableName,
      ...this.props.site,
      NEWSLETTER_SECRET_ID: this.secret.secretArn,
      SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      ...extra,
    };
    const fn = new FeedlineFunction(this, id, {
      service: METRIC_SERVICES.newsletter,
      description,
      entry,
      depsLockFilePath: this.props.depsLockFilePath,
      memorySize: 512,
      timeout,
      logRetention: this.props.logRetention,
      environment,
      ...(reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions }),
      paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103),
    });
    // The extension only reads the value (grantRead would add DescribeSecret); the secret uses the AWS-managed key.
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }));
    return fn;
  }

  /** Table actions only on items whose partition key starts with one of `prefixes` (IAM's LeadingKeys condition). */
  private allowItems(fn: FeedlineFunction, actions: string[], prefixes: string[]): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions,
        resources: [this.props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } },
      }),
    );
  }

  private allowSending(fn: FeedlineFunction): void {
    const stack = Stack.of(this);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.props.domain }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
      }),
    );
  }
}
