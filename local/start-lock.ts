import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** Another `npm start` of this checkout holds the lock and is alive. */
export class AlreadyRunningError extends Error {
  override readonly name = 'AlreadyRunningError';

  constructor(readonly pid: number) {
    super(`another "npm start" (pid ${pid}) is running from this checkout`);
  }
}

export interface StartLock {
  release(): Promise<void>;
}

/**
 * One `npm start` per checkout: both would share `.feedline/` (the database, the bucket, the state
 * file the CLI reads). The lock file holds the owner's pid; a lock left by a process that died
 * (kill -9, a crash) is taken over.
 */
export async function acquireStartLock(path: string): Promise<StartLock> {
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; ; attempt += 1) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = await lockOwner(path);
      if (owner !== undefined && isAlive(owner)) throw new AlreadyRunningError(owner);
      await rm(path, { force: true });
    }
  }
  // Also on an uncaught error's exit; only a kill -9 leaves the file, and the next start takes it over.
  const releaseOnExit = () => rmSync(path, { force: true });
  process.once('exit', releaseOnExit);
  return {
    release: async () => {
      process.removeListener('exit', releaseOnExit);
      await rm(path, { force: true });
    },
  };
}

async function lockOwner(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
