import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EMULATOR_CREDENTIALS } from './emulator-credentials.ts';
import { EmulatorStartError, spawnEmulatorProcess } from './emulator-process.ts';
import { dynamoDbLocalClassPath, findDynamoDbLocalDistribution } from './dynamodb-local-distribution.ts';
import { writeJsonLine, type JsonLog } from './json-line-log.ts';
import { prepareLoopbackLauncher } from './loopback-launcher-build.ts';

export interface DynamoDbLocalOptions {
  /** 0 (default) lets the OS pick a free port; the bound port is reported back. */
  port?: number;
  /** Interface to bind; loopback by default so nothing is reachable from the network. */
  host?: string;
  /** One database for all access keys and regions; off by default so tests can isolate by key. */
  sharedDb?: boolean;
  /**
   * Keep the database (tables, items and streams) in this folder across restarts, and run there;
   * in memory, in a temp folder removed on stop, when omitted.
   */
  dbPath?: string;
  /** Bound on the whole start, JVM launch and first answered request included. */
  startupTimeoutMs?: number;
  java?: string;
  javac?: string;
  log?: JsonLog;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const READY_LINE = /^FEEDLINE_DYNAMODB_LOCAL_LISTENING \S+ (\d+)$/;

/**
 * Starts DynamoDB Local (Streams included), in memory unless `dbPath` is given, listening on 127.0.0.1 only, via the
 * `LoopbackDynamoDbLocal.java` launcher. The JVM exits when this process exits, however it dies.
 *
 * @example
 * const dynamoDbLocal = await startDynamoDbLocal();
 * const clients = createAwsClients({ region: 'us-east-1', dynamoDbEndpoint: dynamoDbLocal.endpoint, ... });
 * await dynamoDbLocal.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.startupTimeoutMs ?? 60_000;
  const log = options.log ?? writeJsonLine;
  const distribution = await findDynamoDbLocalDistribution();
  const classPath = dynamoDbLocalClassPath(distribution);
  const launcher = await prepareLoopbackLauncher({ dynamoDbLocalClassPath: classPath, javac: options.javac ?? 'javac', log });
  // DynamoDB Local writes dynamodb-local-metadata.json into its working directory.
  const ownsDirectory = options.dbPath === undefined;
  const workDirectory = options.dbPath ?? (await mkdtemp(path.join(os.tmpdir(), 'feedline-dynamodb-local-')));
  if (options.dbPath !== undefined) await mkdir(options.dbPath, { recursive: true });
  const storage = options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath];
  const localArgs = [...storage, '-disableTelemetry', ...(options.sharedDb ? ['-sharedDb'] : [])];
  const removeWorkDirectory = async () => {
    if (ownsDirectory) await rm(workDirectory, { recursive: true, force: true });
  };
  try {
    const running = await spawnEmulatorProcess({
      name: 'DynamoDB Local',
      command: options.java ?? 'java',
      args: [
        `-Djava.library.path=${distribution.libDirectory}`,
        // One IPv4 socket, so `ss` shows 127.0.0.1 rather than an IPv4-mapped IPv6 address.
        '-Djava.net.preferIPv4Stack=true',
        '-cp',
        launcher.classPath,
        launcher.main,
        host,
        String(options.port ?? 0),
        ...localArgs,
      ],
      cwd: workDirectory,
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
      readyLine: READY_LINE,
      timeoutMs,
      log,
    });
    const endpoint = `http://${host}:${running.port}`;
    const stop = async () => {
      await running.stop();
      await removeWorkDirectory();
    };
    await waitUntilAnswering(endpoint, timeoutMs).catch(async (error: unknown) => {
      await stop();
      throw error;
    });
    return { endpoint, port: running.port, stop };
  } catch (error) {
    await removeWorkDirectory();
    throw error;
  }
}

/** Jetty is bound once the ready line appears; one answered request proves DynamoDB Local behind it. */
async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new EmulatorStartError('DynamoDB Local', `no answer on ${endpoint}: ${String(error)}`, {
            stdout: '',
            stderr: '',
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}
