import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEFAULT_PUBLICATION_ID, publicationKeyPrefix } from '../../shared/publication/publication-keys.ts';
import { POST_PK_PREFIX } from '../../shared/store/table-design.ts';

/** The session tag a CMS sets when it assumes the role: the one publication it writes. */
export const CMS_PUBLICATION_TAG = 'publication';

const PUBLICATION_TAG_KEY = `aws:PrincipalTag/${CMS_PUBLICATION_TAG}`;
const PUBLICATION_TAG_VARIABLE = `\${${PUBLICATION_TAG_KEY}}`;

/**
 * The partition keys a session may write, from the publication keys contract: `PUB#<tag>#POST#*`
 * for a publication, `POST#*` for the default one (whose keys have no prefix). Tag values cannot
 * hold `*`, `?` or `#`, so the substituted tag can neither widen the pattern nor end the prefix.
 */
export const CMS_POST_KEY_PATTERNS = {
  publication: `${publicationKeyPrefix(PUBLICATION_TAG_VARIABLE)}${POST_PK_PREFIX}*`,
  defaultPublication: `${publicationKeyPrefix(DEFAULT_PUBLICATION_ID)}${POST_PK_PREFIX}*`,
} as const;

/** What a CMS does with a post: write, change, remove, read back. No Query, Scan or batch. */
export const CMS_POST_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

export interface CmsPublicationRoleProps {
  table: dynamodb.ITableV2;
  /** Who may assume the role; each caller still needs its own `publication` tag. */
  trustedPrincipal: iam.IPrincipal;
}

/**
 * The role a CMS assumes to write the posts of one publication, named by the session tag
 * `publication`. One role serves every publication, so adding a publication needs no deploy.
 *
 * Two locks: the trust policy lets a caller assume the role only with a `publication` session
 * tag equal to its own `publication` principal tag (ops tag each CMS's IAM role or user), so a
 * credential cannot pick another publication; and the permissions policy lets the session write
 * only items whose partition key is that publication's post key.
 */
export class CmsPublicationRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CmsPublicationRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: 'Assumed by a CMS with the session tag publication=<id>: writes that publication\'s posts only',
      assumedBy: new iam.SessionTagsPrincipal(props.trustedPrincipal).withConditions({
        StringEquals: { [`aws:RequestTag/${CMS_PUBLICATION_TAG}`]: `\${aws:PrincipalTag/${CMS_PUBLICATION_TAG}}` },
      }),
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: { WritePublicationPosts: writePostsPolicy(props.table) },
    });
  }
}

function writePostsPolicy(table: dynamodb.ITableV2): iam.PolicyDocument {
  const onPostsOf = (keyPattern: string, tagCondition: Record<string, Record<string, string>>) =>
    new iam.PolicyStatement({
      actions: CMS_POST_ACTIONS,
      resources: [table.tableArn],
      conditions: {
        // ForAllValues holds for an empty set too: the Null check makes the key required.
        Null: { 'dynamodb:LeadingKeys': 'false' },
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [keyPattern] },
        ...tagCondition,
      },
    });
  return new iam.PolicyDocument({
    statements: [
      onPostsOf(CMS_POST_KEY_PATTERNS.publication, {
        // Present and not empty; the default publication's keys are the other statement's.
        StringLike: { [PUBLICATION_TAG_KEY]: '?*' },
        StringNotEquals: { [PUBLICATION_TAG_KEY]: DEFAULT_PUBLICATION_ID },
      }),
      onPostsOf(CMS_POST_KEY_PATTERNS.defaultPublication, {
        StringEquals: { [PUBLICATION_TAG_KEY]: DEFAULT_PUBLICATION_ID },
      }),
    ],
  });
}
