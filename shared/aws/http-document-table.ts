import { randomUUID } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import type { HttpRequest } from '@smithy/core/protocols';
import { StandardRetryStrategy } from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { DocumentTable } from '../store/document-table.ts';
import { DOCUMENT_OPERATIONS, marshalledRequest, unmarshalledAnswer, type DocumentOperation } from './document-attribute-paths.ts';
import { answerOf, assertChecksumMatches, dynamoDbErrorOf } from './dynamodb-http-responses.ts';
import { withSdkRetries } from './sdk-retries.ts';
import { SignedEndpoint, type SignedCallTimeouts } from './signed-call-transport.ts';

export interface HttpDocumentTableOptions {
  region: string;
  /** Offline only: the emulator's address. Unset, DynamoDB's regional endpoint. */
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per attempt; `SIGNED_CALL_TIMEOUTS` unless a test needs shorter ones. */
  timeouts?: SignedCallTimeouts;
}

/** The DynamoDB client's own retry settings: 4 attempts, 25 ms base delay (throttling waits longer). */
const DYNAMODB_RETRIES = { maxAttempts: 4, baseDelay: 25 };

/**
 * The table's item operations as signed HTTP requests in DynamoDB's JSON protocol (1.0), built
 * from the SDK's own parts: its Node HTTP handler, SigV4 signer and standard retry strategy with
 * the DynamoDB client's settings. Values go through `@aws-sdk/util-dynamodb` at the places
 * lib-dynamodb's commands convert them, so requests, answers and errors read as the
 * DocumentClient's do. The SDK's DynamoDB client and DocumentClient are over 100 KiB of the
 * stream function's bundle and most of its construction at cold start.
 */
export class HttpDocumentTable implements DocumentTable {
  private readonly retries = new StandardRetryStrategy(DYNAMODB_RETRIES);
  private readonly endpoint: SignedEndpoint;

  constructor(options: HttpDocumentTableOptions) {
    const signer = new SignatureV4({ service: 'dynamodb', region: options.region, credentials: options.credentials, sha256: Sha256 });
    this.endpoint = new SignedEndpoint(options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com`, signer, options.timeouts);
  }

  readonly get: DocumentTable['get'] = (input) => this.send(DOCUMENT_OPERATIONS.get, input);
  readonly put: DocumentTable['put'] = (input) => this.send(DOCUMENT_OPERATIONS.put, input);
  readonly update: DocumentTable['update'] = (input) => this.send(DOCUMENT_OPERATIONS.update, input);
  readonly delete: DocumentTable['delete'] = (input) => this.send(DOCUMENT_OPERATIONS.delete, input);
  readonly query: DocumentTable['query'] = (input) => this.send(DOCUMENT_OPERATIONS.query, input);
  readonly scan: DocumentTable['scan'] = (input) => this.send(DOCUMENT_OPERATIONS.scan, input);
  readonly batchGet: DocumentTable['batchGet'] = (input) => this.send(DOCUMENT_OPERATIONS.batchGet, input);
  readonly batchWrite: DocumentTable['batchWrite'] = (input) => this.send(DOCUMENT_OPERATIONS.batchWrite, input);
  /** With a `ClientRequestToken` made once when the caller gave none, as the SDK does: a retry is then idempotent. */
  readonly transactWrite: DocumentTable['transactWrite'] = (input) =>
    this.send(DOCUMENT_OPERATIONS.transactWrite, { ...input, ClientRequestToken: input.ClientRequestToken ?? randomUUID() });

  /** Marshals, signs and sends one call, retrying as the SDK's client would, and unmarshals its answer. */
  private async send<Answer>(operation: DocumentOperation, input: object): Promise<Answer> {
    const request = this.request(operation.target, JSON.stringify(marshalledRequest(input, operation.request)));
    const answer = await withSdkRetries(this.retries, (attempt) => this.attempt(request, attempt));
    return unmarshalledAnswer(answer, operation.answer) as Answer;
  }

  private request(target: string, json: string): HttpRequest {
    const body = Buffer.from(json, 'utf8');
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(body.length), 'x-amz-target': `DynamoDB_20120810.${target}` };
    return this.endpoint.request({ method: 'POST', path: '/', headers, body });
  }

  private async attempt(request: HttpRequest, attempt: number): Promise<Record<string, unknown>> {
    const { response, body } = await this.endpoint.exchange(request);
    assertChecksumMatches(response, body, attempt);
    if (response.statusCode >= 300) throw dynamoDbErrorOf(response, body, attempt);
    return answerOf(body);
  }
}
