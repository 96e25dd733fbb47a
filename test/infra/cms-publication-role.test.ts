import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CMS_POST_ACTIONS } from '../../infra/constructs/cms-publication-role.ts';
import { publicationKeyPrefix } from '../../shared/publication/publication-keys.ts';
import { postKey } from '../../shared/store/table-design.ts';
import { globMatches, isAllowed, type PolicyStatement, type RequestContext } from '../support/iam-policy-evaluation.ts';
import { getAtt, logicalIdStartingWith, onlyLogicalId, synthFeedline } from './synth-feedline.ts';

const SYNTH_TIMEOUT_MS = 60_000;

let template: Template;
let role: Record<string, any>;
let table: string;

beforeAll(() => {
  template = synthFeedline();
  role = template.findResources('AWS::IAM::Role')[logicalIdStartingWith(template, 'AWS::IAM::Role', 'CmsRole')]!.Properties;
  table = onlyLogicalId(template, 'AWS::DynamoDB::GlobalTable');
}, SYNTH_TIMEOUT_MS);

function permissions(): PolicyStatement[] {
  expect(role.Policies).toHaveLength(1);
  return role.Policies[0].PolicyDocument.Statement as PolicyStatement[];
}

/** A post's partition key in a publication, from the keys contract (what `post put` writes). */
const postPartitionKey = (publicationId: string, postId: string) => `${publicationKeyPrefix(publicationId)}${postKey(postId).pk}`;

/** A DynamoDB item request by a session of the CMS role with the given `publication` tag. */
function sessionRequest(tag: string | undefined, partitionKey: string | undefined, action = 'dynamodb:PutItem') {
  const context: RequestContext = {
    'aws:PrincipalTag/publication': tag,
    'dynamodb:LeadingKeys': partitionKey === undefined ? undefined : [partitionKey],
  };
  return { action, context };
}

describe('the CMS role: permissions', () => {
  it('allows item reads and writes on the posts table only, each confined by leading key and session tag', () => {
    const onTable = getAtt(table, 'Arn');
    const actions = [...CMS_POST_ACTIONS].sort();
    expect(permissions()).toEqual([
      {
        Effect: 'Allow',
        Action: actions,
        Resource: onTable,
        Condition: {
          Null: { 'dynamodb:LeadingKeys': 'false' },
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PUB#${aws:PrincipalTag/publication}#POST#*'] },
          StringLike: { 'aws:PrincipalTag/publication': '?*' },
          StringNotEquals: { 'aws:PrincipalTag/publication': 'default' },
        },
      },
      {
        Effect: 'Allow',
        Action: actions,
        Resource: onTable,
        Condition: {
          Null: { 'dynamodb:LeadingKeys': 'false' },
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['POST#*'] },
          StringEquals: { 'aws:PrincipalTag/publication': 'default' },
        },
      },
    ]);
    expect(actions).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it.each(CMS_POST_ACTIONS)('lets a session tagged ru %s its own posts', (action) => {
    expect(isAllowed(permissions(), sessionRequest('ru', postPartitionKey('ru', 'river-port-strike'), action))).toBe(true);
  });

  it.each([
    { what: "fa's posts", key: postPartitionKey('fa', 'river-port-strike') },
    { what: "the default publication's posts", key: postPartitionKey('default', 'river-port-strike') },
    { what: 'a publication whose id starts with ru', key: postPartitionKey('ru-kids', 'river-port-strike') },
    { what: "its own feed membership items", key: `${publicationKeyPrefix('ru')}FEED#all` },
    { what: 'its own catalog', key: `${publicationKeyPrefix('ru')}CATALOG` },
    { what: 'the network settings', key: 'NETWORK' },
    { what: 'a subscription', key: 'SUB#steppe-wire' },
    { what: 'an item with no leading key in the request', key: undefined },
  ])('refuses a session tagged ru $what', ({ key }) => {
    for (const action of CMS_POST_ACTIONS) expect(isAllowed(permissions(), sessionRequest('ru', key, action))).toBe(false);
  });

  it('checks those refusals on the patterns themselves: no pattern of the policy matches another publication', () => {
    const patterns = permissions().flatMap((statement) => statement.Condition!['ForAllValues:StringLike']!['dynamodb:LeadingKeys'] as string[]);
    const forRu = patterns.map((pattern) => pattern.replace('${aws:PrincipalTag/publication}', 'ru'));
    expect(forRu).toEqual(['PUB#ru#POST#*', 'POST#*']);
    expect(globMatches(forRu[0]!, 'PUB#ru#POST#river-port-strike')).toBe(true);
    expect(globMatches(forRu[0]!, 'PUB#fa#POST#river-port-strike')).toBe(false);
    expect(globMatches(forRu[0]!, 'POST#river-port-strike')).toBe(false);
    // The second pattern is the default publication's: only a session tagged default reaches it.
    expect(isAllowed(permissions(), sessionRequest('ru', 'POST#river-port-strike'))).toBe(false);
  });

  it("lets a session tagged default write the default publication's posts, whose keys have no prefix, and nothing else", () => {
    expect(isAllowed(permissions(), sessionRequest('default', postPartitionKey('default', 'weekly-digest')))).toBe(true);
    expect(isAllowed(permissions(), sessionRequest('default', 'PUB#default#POST#weekly-digest'))).toBe(false);
    expect(isAllowed(permissions(), sessionRequest('default', postPartitionKey('fa', 'weekly-digest')))).toBe(false);
    expect(isAllowed(permissions(), sessionRequest('default', 'FEED#all'))).toBe(false);
  });

  it('gives a session without the tag, or with an empty one, nothing', () => {
    for (const key of [postPartitionKey('default', 'x'), postPartitionKey('fa', 'x'), 'PUB##POST#x']) {
      expect(isAllowed(permissions(), sessionRequest(undefined, key))).toBe(false);
      expect(isAllowed(permissions(), sessionRequest('', key))).toBe(false);
    }
  });

  it('allows no Query, Scan or batch write, which would reach past one item', () => {
    for (const action of ['dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:TransactWriteItems']) {
      expect(isAllowed(permissions(), sessionRequest('ru', postPartitionKey('ru', 'x'), action))).toBe(false);
    }
  });
});

describe('the CMS role: who may assume it', () => {
  const trust = (): PolicyStatement[] => role.AssumeRolePolicyDocument.Statement as PolicyStatement[];
  const assume = (callerTag: string | undefined, sessionTag: string | undefined, action = 'sts:AssumeRole') => ({
    action,
    context: { 'aws:PrincipalTag/publication': callerTag, 'aws:RequestTag/publication': sessionTag },
  });

  it("trusts the stack's own account by default, with session tags, only for the caller's own publication", () => {
    expect(trust()).toEqual([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
        Condition: { StringEquals: { 'aws:RequestTag/publication': '${aws:PrincipalTag/publication}' } },
      },
    ]);
  });

  it('lets a caller tagged ru start a session tagged ru, and no other', () => {
    expect(isAllowed(trust(), assume('ru', 'ru'))).toBe(true);
    expect(isAllowed(trust(), assume('ru', 'ru', 'sts:TagSession'))).toBe(true);
    expect(isAllowed(trust(), assume('ru', 'fa'))).toBe(false);
    expect(isAllowed(trust(), assume('ru', 'default'))).toBe(false);
    expect(isAllowed(trust(), assume('ru', undefined))).toBe(false);
    expect(isAllowed(trust(), assume(undefined, 'ru'))).toBe(false);
    expect(isAllowed(trust(), assume(undefined, undefined))).toBe(false);
  });

  it('trusts the principal named by cmsPrincipalArn instead', () => {
    const named = synthFeedline({ cmsPrincipalArn: 'arn:aws:iam::123456789012:role/newsroom-cms' });
    const statement = Object.values(named.findResources('AWS::IAM::Role')).find((resource) => resource.Properties.Description?.includes('CMS'))!
      .Properties.AssumeRolePolicyDocument.Statement[0];
    expect(statement.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:role/newsroom-cms' });
    expect(statement.Condition).toEqual({ StringEquals: { 'aws:RequestTag/publication': '${aws:PrincipalTag/publication}' } });
  }, SYNTH_TIMEOUT_MS);

  it('keeps sessions to an hour and names the role in the stack outputs', () => {
    expect(role.MaxSessionDuration).toBe(3600);
    template.hasOutput('CmsRoleArn', { Value: getAtt(logicalIdStartingWith(template, 'AWS::IAM::Role', 'CmsRole'), 'Arn') });
  });
});

describe('the test evaluator itself', () => {
  it('matches StringLike globs literally apart from * and ?', () => {
    expect(globMatches('PUB#ru#POST#*', 'PUB#ru#POST#')).toBe(true);
    expect(globMatches('?*', '')).toBe(false);
    expect(globMatches('?*', 'x')).toBe(true);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('POST#*', 'post#x')).toBe(false);
  });

  it('refuses an operator it does not know instead of guessing', () => {
    const statement: PolicyStatement = { Effect: 'Allow', Action: 'x:Y', Condition: { ArnLike: { 'aws:SourceArn': 'arn:*' } } };
    expect(() => isAllowed([statement], { action: 'x:Y', context: {} })).toThrow(/does not know the condition operator ArnLike/);
  });
});
