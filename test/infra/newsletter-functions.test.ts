import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { newsletterPart } from '../../infra/newsletter-part.ts';
import { NewsletterEnvSchema } from '../../shared/config/newsletter-config.ts';
import { isAllowed, type PolicyStatement } from '../support/iam-policy-evaluation.ts';
import { synthFeedline } from './synth-feedline.ts';

const SYNTH_TIMEOUT_MS = 90_000;
let template: Template;

type FunctionResource = { Properties: Record<string, unknown> & { Role: { 'Fn::GetAtt': [string, string] }; Environment: { Variables: Record<string, unknown> } } };

beforeAll(() => {
  template = synthFeedline({ newsletterDomain: 'news.example.org', newsletterSendRate: 40 }, [newsletterPart]);
}, SYNTH_TIMEOUT_MS);

function functionNamed(description: RegExp): FunctionResource {
  const found = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(description.source) } }));
  expect(found).toHaveLength(1);
  return found[0] as FunctionResource;
}

/** Every statement of the inline policies attached to a function's role. */
function statementsOf(fn: FunctionResource): Record<string, unknown>[] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
  return policies.filter((policy) => policy.Properties.Roles.some((role) => role.Ref === roleId)).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const GRANTED_SERVICES = ['dynamodb:', 'ses:', 'sqs:', 'secretsmanager:'];

/** The function's grants on the table (one entry per action and key prefix), SES, SQS and the secret; its logs and traces left out. */
function grantsOf(fn: FunctionResource): string[] {
  return statementsOf(fn).flatMap((statement) => {
    const actions = ([] as string[]).concat(statement.Action as string | string[]).filter((action) => GRANTED_SERVICES.some((service) => action.startsWith(service)));
    const condition = statement.Condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys': string[] } } | undefined;
    const prefixes = condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    return actions.flatMap((action) => (prefixes ? prefixes.map((prefix) => `${action} ${prefix}`) : [action]));
  });
}

describe('the newsletter in the stack', () => {
  it('is absent unless a sending domain is given', () => {
    const without = synthFeedline({}, [newsletterPart]);
    expect(without.findResources('AWS::SES::ConfigurationSet')).toEqual({});
  }, SYNTH_TIMEOUT_MS);

  it('has a domain identity with Easy DKIM on a configuration set whose bounces and complaints go to an encrypted SNS topic', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'news.example.org', ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() } });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: { Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
  });

  it('sends through a queue with a dead-letter queue, at most two senders at the account rate split between them', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 5, ScalingConfig: { MaximumConcurrency: 2 }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(functionNamed(/^Sends queued newsletter/).Properties.Environment.Variables.NEWSLETTER_SEND_RATE).toBe('20');
  });

  it('lets the sender and the endpoint call ses:SendEmail on the identity and configuration set only', () => {
    for (const fn of [functionNamed(/^Sends queued newsletter/), functionNamed(/^Newsletter endpoint/)]) {
      const sending = statementsOf(fn).filter((statement) => JSON.stringify(statement.Action).includes('ses:'));
      expect(sending).toHaveLength(1);
      expect(sending[0]?.Action).toBe('ses:SendEmail');
      const resources = JSON.stringify(sending[0]?.Resource);
      expect(resources).toContain(':identity/news.example.org');
      expect(resources).toContain(':configuration-set/');
      expect(resources).not.toContain('"*"');
    }
    const scheduler = functionNamed(/^Plans due newsletter issues/);
    expect(JSON.stringify(statementsOf(scheduler))).not.toContain('ses:');
  });

  it('confines each role to the key prefixes of its items', () => {
    const events = statementsOf(functionNamed(/^Suppresses addresses/)).filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:'));
    expect(events).toEqual([expect.objectContaining({ Action: 'dynamodb:PutItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUPPRESSION#*'] } } })]);
  });

  // Each list is what the function's code sends, store by store; a grant beyond it is a finding.
  it.each([
    {
      fn: /^Plans due newsletter issues/,
      grants: [
        'dynamodb:Query NETWORK', // NewsletterStore.listAll
        'dynamodb:Query NLSUB#*', // SubscriberStore.confirmedLookupKeys
        'dynamodb:Query FEED#*', // NewsletterFeedSource.postsBetween, default publication
        'dynamodb:Query PUB#*#FEED#*', // … any other publication
        'dynamodb:GetItem NETWORK', // PublicationStore.get
        'dynamodb:GetItem DIGEST#*', // DigestStore.putOnce, on a slot planned before
        'dynamodb:PutItem DIGEST#*', // DigestStore.putOnce
        'dynamodb:UpdateItem NETWORK', // NewsletterStore.advance
        'sqs:SendMessage', // SqsRecipientQueue (SendMessageBatch)
        'secretsmanager:GetSecretValue',
      ],
    },
    {
      fn: /^Sends queued newsletter/,
      grants: [
        'dynamodb:GetItem DIGEST#*', // DigestStore.get
        'dynamodb:BatchGetItem NLSUB#*', // SubscriberStore.getMany
        'dynamodb:BatchGetItem SUPPRESSION#*', // SuppressionList.suppressedAmong
        'dynamodb:PutItem DELIVERY#*', // DeliveryLedger.claimAll (TransactWriteItems)
        'dynamodb:UpdateItem DELIVERY#*', // DeliveryLedger.markAllSent (TransactWriteItems)
        'dynamodb:DeleteItem DELIVERY#*', // DeliveryLedger.releaseAll
        'ses:SendEmail',
        'secretsmanager:GetSecretValue',
        // The event source mapping's own reads of the queue.
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ],
    },
    {
      fn: /^Newsletter endpoint/,
      grants: [
        'dynamodb:GetItem NETWORK', // NewsletterStore.get, PublicationStore.get
        'dynamodb:GetItem NLSUB#*', // SubscriberStore.get
        'dynamodb:UpdateItem NLSUB#*', // SubscriberStore.requestConfirmation, confirm, unsubscribe
        'dynamodb:UpdateItem RATE#*', // RateCounter.allow
        'ses:SendEmail',
        'secretsmanager:GetSecretValue',
      ],
    },
    {
      fn: /^Suppresses addresses/,
      grants: [
        'dynamodb:PutItem SUPPRESSION#*', // SuppressionList.add
        'secretsmanager:GetSecretValue',
      ],
    },
  ])('grants $fn exactly the actions its code calls', ({ fn, grants }) => {
    expect(grantsOf(functionNamed(fn)).sort()).toEqual([...grants].sort());
  });

  it('lets the scheduler write no subscriber, feed, post or setting', () => {
    const scheduler = statementsOf(functionNamed(/^Plans due newsletter issues/)) as unknown as PolicyStatement[];
    const allowed = (action: string, partitionKey: string) => isAllowed(scheduler, { action, context: { 'dynamodb:LeadingKeys': [partitionKey] } });
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
      for (const partitionKey of ['NLSUB#default#morning-brief', 'FEED#all', 'PUB#fa#FEED#all', 'POST#editor-acquitted', 'SUPPRESSION#abc', 'DELIVERY#default#morning-brief#2026-11-30T02:00:00.000Z']) {
        expect(allowed(action, partitionKey), `${action} ${partitionKey}`).toBe(false);
      }
    }
    expect(allowed('dynamodb:PutItem', 'NETWORK')).toBe(false);
    expect(allowed('dynamodb:UpdateItem', 'NETWORK')).toBe(true);
    expect(allowed('dynamodb:PutItem', 'DIGEST#default#morning-brief')).toBe(true);
  });

  it("lets the scheduler read every publication's feeds, and none of their posts", () => {
    const scheduler = statementsOf(functionNamed(/^Plans due newsletter issues/)) as unknown as PolicyStatement[];
    const query = (partitionKey: string) => isAllowed(scheduler, { action: 'dynamodb:Query', context: { 'dynamodb:LeadingKeys': [partitionKey] } });
    expect(query('FEED#all')).toBe(true);
    expect(query('PUB#fa#FEED#all')).toBe(true);
    expect(query('PUB#fa#FEED#topics/courts')).toBe(true);
    expect(query('PUB#fa#POST#fa-pensioners-gather-again')).toBe(false);
    expect(query('POST#editor-acquitted')).toBe(false);
  });

  it('serves the endpoint on a public function URL and plans on a five-minute schedule', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)', Description: Match.stringLikeRegexp('newsletters') });
    template.hasOutput('NewsletterUrl', Match.anyValue());
  });

  it('gives every newsletter function an environment its schema accepts, with the key in Secrets Manager', () => {
    for (const description of [/^Newsletter endpoint/, /^Plans due/, /^Sends queued/, /^Suppresses/]) {
      const variables = Object.fromEntries(Object.entries(functionNamed(description).Properties.Environment.Variables).map(([name, value]) => [name, typeof value === 'string' ? value : name.endsWith('URL') ? 'https://resolved.example/' : 'resolved-at-deploy']));
      expect(NewsletterEnvSchema.safeParse(variables).success).toBe(true);
      expect(variables.NEWSLETTER_SECRET).toBeUndefined();
      expect(variables.NEWSLETTER_SECRET_ID).toBeDefined();
    }
  });
});
