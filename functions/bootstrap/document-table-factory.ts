import type { AwsClientOptions } from '../../shared/aws/aws-clients.ts';
import type { DocumentTable } from '../../shared/store/document-table.ts';

/** What a handler module's domain gets of the table. */
export interface FunctionTableClients {
  documents: DocumentTable;
}

/** Adds an SDK client to the function's traces (a no-op outside Lambda). */
export type ClientTracer = <Client>(client: Client) => Client;

/**
 * Builds a function's table port from its configuration. A type only, so that `bootstrapFunction`
 * bundles whichever adapter the handler module names and no other.
 */
export type DocumentTableFactory = (aws: AwsClientOptions, traceClient: ClientTracer) => DocumentTable;
