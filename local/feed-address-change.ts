import { readFile, writeFile } from 'node:fs/promises';
import type { AwsClients } from '../shared/aws/aws-clients.ts';
import { loadStreamFunctionConfig } from '../shared/config/stream-function-config.ts';
import type { EventLog } from '../shared/log/event-log.ts';
import { rebuildNetwork } from './network-rebuild.ts';
import type { JsonLog } from './emulators/json-line-log.ts';
import type { LocalDataPaths } from './local-data-directory.ts';
import { localLambdaEnvironment, type LocalEndpoints } from './local-site.ts';

/**
 * Kept feeds name the address they were served from (self links, archive links, the stylesheet).
 * When `npm start` comes back on another port, every document of every publication (whose stored
 * base URL has been moved along by then) and the network directory are rebuilt for the new address, as
 * `feedline rebuild --all` would after a hostname move in AWS; on the same address nothing runs.
 */
export async function rebuildIfFeedAddressChanged(data: LocalDataPaths, endpoints: LocalEndpoints, clients: AwsClients, log: JsonLog): Promise<void> {
  const file = data.feedBaseUrl;
  const previous = await readFile(file, 'utf8').then((text) => text.trim(), () => undefined);
  if (previous !== undefined && previous !== endpoints.feedBaseUrl) {
    log({ level: 'info', message: 'feed address changed since the last run; rebuilding every feed of every publication', previous, current: endpoints.feedBaseUrl });
    const config = loadStreamFunctionConfig(localLambdaEnvironment(endpoints));
    const reports = await rebuildNetwork({ clients, tableName: config.tableName, bucketName: config.bucketName, defaultSite: config.site, log: eventLogOf(log) });
    const feeds = reports.reduce((sum, { report }) => sum + report.published.length, 0);
    const failed = reports.reduce((sum, { report }) => sum + report.failed.length, 0);
    log({ level: failed > 0 ? 'error' : 'info', message: 'feeds rebuilt for the new address', publications: reports.length, feeds, failed });
  }
  await writeFile(file, `${endpoints.feedBaseUrl}\n`);
}

function eventLogOf(log: JsonLog): EventLog {
  return {
    debug: () => undefined,
    info: (message, attributes) => log({ level: 'info', message, ...attributes }),
    warn: (message, attributes) => log({ level: 'warn', message, ...attributes }),
    error: (message, attributes) => log({ level: 'error', message, ...attributes }),
  };
}
