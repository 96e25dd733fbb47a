import { vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureOutput } from './captured-output.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `feedline <argv>` in this process and returns its exit code and what it wrote, mocks undone. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  vi.restoreAllMocks();
  const output = captureOutput();
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out: output.out(), err: output.err() };
}
