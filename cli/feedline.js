#!/usr/bin/env node
// Runs the bundle `npm run build:cli` makes (npm ci runs it as `prepare`): plain Node starts in a
// fraction of the time tsx needs to compile the sources. Without a current bundle, tsx runs them.
import { readFileSync, statSync } from 'node:fs';

// Supported: Node.js 20.11 or newer (package.json engines; the functions run on 24 in Lambda). The
// SDK's notice that its 2027 releases need Node 22 is for whoever upgrades the machines, not nine
// lines on every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const bundle = new URL('../dist/cli/main.js', import.meta.url);
const root = new URL('../', import.meta.url);

/** Why the bundle cannot be used, or undefined when it is at least as new as every source in it. */
function bundleProblem() {
  let builtAt;
  try {
    builtAt = statSync(bundle).mtimeMs;
  } catch {
    return 'dist/cli is missing';
  }
  const sources = JSON.parse(readFileSync(new URL('inputs.json', bundle), 'utf8'));
  const changed = sources.find((source) => {
    try {
      return statSync(new URL(source, root)).mtimeMs > builtAt;
    } catch {
      return true;
    }
  });
  return changed ? `${changed} changed since dist/cli was built` : undefined;
}

const problem = bundleProblem();
let main;
if (problem === undefined) {
  ({ main } = await import(bundle.href));
} else {
  process.stderr.write(`note: ${problem}; running the sources with tsx (slower; npm run build:cli makes it fast again)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
