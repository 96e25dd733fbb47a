import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Config } from 'aws-ses-v2-local';
import * as z from 'zod';

/** Loaded as CommonJS: its `default` export is then the same function under Node, tsx and vitest alike. */
const sesLocal = createRequire(import.meta.url)('aws-ses-v2-local') as { default: (config?: Partial<Config>) => Promise<Server> };

export interface RunningSesEmulator {
  /** `http://127.0.0.1:<port>`: the SES v2 client's endpoint, and the page that shows sent mail. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Runs aws-ses-v2-local inside this process on 127.0.0.1 (its default host is every interface).
 * It accepts SES v1 and v2 SendEmail with any credentials, keeps every message in memory and
 * shows them at `/`; `/store` serves them as JSON. It sends nothing anywhere.
 */
export async function startSesEmulator(options: { port?: number } = {}): Promise<RunningSesEmulator> {
  const server: Server = await sesLocal.default({ host: '127.0.0.1', port: options.port ?? 0 });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const StoredMailSchema = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()).default([]),
  destination: z.object({ to: z.array(z.string()) }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  at: z.number(),
});

export type StoredMail = z.output<typeof StoredMailSchema>;

/** Every message the emulator holds, oldest first. */
export async function mailInSesEmulator(endpoint: string): Promise<StoredMail[]> {
  const response = await fetch(`${endpoint}/store`);
  if (!response.ok) throw new Error(`SES emulator /store answered ${response.status}`);
  return z.object({ emails: z.array(StoredMailSchema) }).parse(await response.json()).emails;
}
