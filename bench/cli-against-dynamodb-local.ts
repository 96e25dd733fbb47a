import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClients, type AwsClients } from '../shared/aws/aws-clients.ts';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { LOCAL_STATE_PATH_ENV, localClientOptions, LocalStateSchema, type LocalState } from '../local/local-pipeline-contract.ts';
import { writeLocalState } from '../local/local-state.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';
import { startRequestCountingProxy, type RequestCountingProxy } from './request-counting-proxy.ts';

export interface CliBenchTarget {
  /** Clients straight to DynamoDB Local, for filling the table without counting. */
  clients: AwsClients;
  state: LocalState;
  /** The environment that points a `feedline` process at the table through the proxy. */
  env: NodeJS.ProcessEnv;
  proxy: RequestCountingProxy;
}

/**
 * A fresh DynamoDB Local behind a request-counting proxy and a local state file naming it, as a
 * running `npm start` leaves one: `feedline` processes started with `env` reach the table as an
 * operator's would, and every request they make is counted. `prepare` fills the table; `measure`
 * times the commands. Everything is stopped and removed afterwards.
 */
export async function withCliAgainstDynamoDbLocal(
  name: string,
  prepare: (clients: AwsClients, state: LocalState) => Promise<void>,
  measure: (target: CliBenchTarget) => Promise<void>,
): Promise<void> {
  const dynamoDb = await startDynamoDbLocal({ log: warningsOnlyJsonLog });
  const proxy = await startRequestCountingProxy(dynamoDb.endpoint);
  const folder = await mkdtemp(join(tmpdir(), `feedline-${name}-bench-`));
  const state = LocalStateSchema.parse({
    pid: process.pid,
    region: 'us-east-1',
    dynamoDbEndpoint: proxy.endpoint,
    // The commands timed never reach S3; the contract wants an address all the same.
    s3Endpoint: 'http://127.0.0.1:9/',
    tableName: `feedline-${name}-bench`,
    bucketName: `feedline-${name}-bench`,
    feedServerUrl: 'http://127.0.0.1:9/',
  });
  const clients = createAwsClients(localClientOptions({ ...state, dynamoDbEndpoint: dynamoDb.endpoint }));
  try {
    await prepare(clients, state);
    const statePath = join(folder, 'local.json');
    await writeLocalState(statePath, state);
    await measure({ clients, state, env: { ...process.env, [LOCAL_STATE_PATH_ENV]: statePath }, proxy });
  } finally {
    clients.dynamoDb.destroy();
    await proxy.close();
    await dynamoDb.stop();
    await rm(folder, { recursive: true, force: true });
  }
}
