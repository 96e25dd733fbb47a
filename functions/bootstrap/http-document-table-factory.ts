import { HttpDocumentTable } from '../../shared/aws/http-document-table.ts';
import type { DocumentTableFactory } from './document-table-factory.ts';
import { defaultProvider } from './lambda-credential-chain.ts';

/**
 * The table as signed HTTP requests (`HttpDocumentTable`): no SDK DynamoDB client in the bundle.
 * Its calls reach X-Ray as `remote` HTTP subsegments, not as `aws` ones with the operation's name.
 */
export const httpDocumentTable: DocumentTableFactory = (aws) =>
  new HttpDocumentTable({
    region: aws.region,
    ...(aws.dynamoDbEndpoint === undefined ? {} : { endpoint: aws.dynamoDbEndpoint }),
    credentials: aws.credentials ?? defaultProvider(),
  });
