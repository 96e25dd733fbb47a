import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { createTable } from '../../local/bootstrap.ts';
import type { AwsClients } from '../../shared/aws/aws-clients.ts';
import { pointCliAtEmulators } from './cli-local-state.ts';
import { createEmulatorClients, destroyClients } from './emulator-clients.ts';
import { FixtureFeedServer } from './fixture-feed-server.ts';
import { uniqueResourceName } from './unique-names.ts';

export interface CliTestRig {
  clients: AwsClients;
  tableName: string;
  /** Partner feeds on 127.0.0.1 for `sub add`; available once the file's `beforeAll` ran. */
  readonly server: FixtureFeedServer;
  /** The CLI's state folder, free for the tests' input files; available once `beforeAll` ran. */
  readonly directory: string;
}

/**
 * A test file's table, a fixture feed server and the in-process CLI pointed at both, set up in
 * `beforeAll` and removed in `afterAll`; each test's output capture is undone after it.
 */
export function useCliTestRig(tableNamePrefix: string): CliTestRig {
  const clients = createEmulatorClients();
  const tableName = uniqueResourceName(tableNamePrefix);
  let server: FixtureFeedServer | undefined;
  let directory: string | undefined;

  beforeAll(async () => {
    await createTable(clients.dynamoDb, tableName);
    server = await FixtureFeedServer.start();
    directory = await pointCliAtEmulators({ tableName });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    destroyClients(clients);
    await server?.close();
  });

  return {
    clients,
    tableName,
    get server() {
      if (!server) throw new Error('the CLI test rig is used before its beforeAll ran');
      return server;
    },
    get directory() {
      if (directory === undefined) throw new Error('the CLI test rig is used before its beforeAll ran');
      return directory;
    },
  };
}
