import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalStateSchema, type LocalState } from '../../local/local-pipeline-contract.ts';

const PROJECT_ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const READY_TEXT = 'Ctrl-C stops everything.';

/**
 * `npm start` as a person runs it (the real `local/start.ts` in its own process), with its data
 * in a folder of the test's, a free port, and no scheduled polls. Output is collected for asserts.
 */
export class LocalStartProcess {
  output = '';
  private readonly exit: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly dataDirectory: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static launch(dataDirectory: string, args: string[] = [], env: Record<string, string> = {}): LocalStartProcess {
    const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'local/start.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', POLL_EVERY_SECONDS: '3600', FEEDLINE_DATA_DIR: dataDirectory, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new LocalStartProcess(child, dataDirectory);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /**
   * Resolves once the welcome text is out (the samples of all three publications are published and
   * their partner feeds polled once); rejects if it exits first.
   */
  async ready(timeoutMs = 150_000): Promise<LocalState> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(READY_TEXT)) {
      if (this.child.exitCode !== null) throw new Error(`npm start exited with ${this.child.exitCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`npm start not ready within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const text = await readFile(path.join(this.dataDirectory, 'local.json'), 'utf8');
    return LocalStateSchema.parse(JSON.parse(text));
  }

  exited(): Promise<number | null> {
    return this.exit;
  }

  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
    this.child.kill(signal);
    return this.exit;
  }
}
