import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The last commit of the single-site code (main when issue 13 began): what every deployment runs
 * today, and so the code that wrote the tables and buckets the upgrade must leave byte-identical.
 */
export const PRE_PUBLICATION_COMMIT = '83cb20c3c0ffb0a4041db7dbc3564f2be4162594';

export interface PrePublicationTree {
  /** Imports one of the commit's modules by its path in the repository. */
  load<T>(path: string): Promise<T>;
  remove(): void;
}

/**
 * Writes PRE_PUBLICATION_COMMIT's files into a temporary folder with `git archive` and lends them
 * this checkout's node_modules (the same dependency versions, so only our source differs). Throws
 * when git cannot produce the commit: the upgrade test must not pass without the old code.
 */
export async function exportPrePublicationTree(): Promise<PrePublicationTree> {
  const folder = mkdtempSync(join(tmpdir(), 'feedline-pre-publication-'));
  const root = join(folder, 'tree');
  mkdirSync(root);
  const archive = join(folder, 'tree.tar');
  await run('git', ['-C', REPO_ROOT, 'archive', '--format=tar', '--output', archive, PRE_PUBLICATION_COMMIT, 'shared', 'local', 'functions', 'test/support', 'test/global-setup.ts']);
  await run('tar', ['-xf', archive, '-C', root]);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    load: async <T>(path: string) => (await import(pathToFileURL(join(root, path)).href)) as T,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
