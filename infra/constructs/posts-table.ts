import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  DUE_INDEX,
  DUE_INDEX_PROJECTED_ATTRIBUTES,
  SUBSCRIPTIONS_BY_PUBLICATION_INDEX,
  TABLE_KEYS,
  TIME_TO_LIVE_ATTRIBUTE,
} from '../../shared/store/table-design.ts';

export interface PostsTableProps {
  /** On in production: a `cdk destroy` or a console slip must not take the posts with it. */
  deletionProtection: boolean;
}

/**
 * The single posts table (posts, feed-membership items and subscriptions with their due index,
 * see shared/store/table-design.ts).
 * Its stream drives the publish path, so it carries both images: the stream handler needs the
 * old topics as well as the new ones to know which feeds a change leaves.
 */
export class PostsTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: PostsTableProps) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TIME_TO_LIVE_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      // Posts are the source of truth; feeds can be rebuilt from them, the reverse is not true.
      removalPolicy: RemovalPolicy.RETAIN,
      // Sparse: only enabled subscriptions carry `dueShard`, so "due now" is a Query per shard.
      globalSecondaryIndexes: [
        {
          indexName: DUE_INDEX.name,
          partitionKey: { name: DUE_INDEX.partitionKey, type: dynamodb.AttributeType.NUMBER },
          sortKey: { name: DUE_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...DUE_INDEX_PROJECTED_ATTRIBUTES],
        },
        // Sparse: only subscriptions carry `subscriptionPublication`, so `sub list` is one Query.
        {
          indexName: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.name,
          partitionKey: { name: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
    });
  }
}
