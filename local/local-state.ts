import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { LocalStateSchema } from './local-pipeline-contract.ts';

/** The pipeline's side of the contract: it writes the state file on start and removes it on stop. */
export async function writeLocalState(path: string, state: z.input<typeof LocalStateSchema>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeLocalState(path: string): Promise<void> {
  await rm(path, { force: true });
}
