import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * Where every handler runs: the latest Node.js runtime (cdk-nag flags older ones) on arm64, which
 * costs less per GB-second. One place, so the functions never drift apart.
 */
export const HANDLER_PLATFORM = {
  runtime: lambda.Runtime.NODEJS_24_X,
  architecture: lambda.Architecture.ARM_64,
} as const;

/**
 * ESM bundles run CommonJS dependencies through esbuild's `__require`, which needs a real
 * `require` in scope; ESM has none, so the bundle makes one. The alias avoids clashing with a
 * bundled module that imports `createRequire` itself.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as feedlineCreateRequire } from 'node:module'; const require = feedlineCreateRequire(import.meta.url);";

/**
 * Modules replaced in Lambda bundles only: the SDK's default credential chain by the Lambda
 * environment's credentials; the SDK's event-stream support, which no call of ours uses, by a
 * module that says so if one ever does (each says why).
 */
export const LAMBDA_MODULE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('../functions/bootstrap/lambda-credential-chain.ts', import.meta.url)),
  '@smithy/core/event-streams': fileURLToPath(new URL('../functions/bootstrap/no-event-streams.ts', import.meta.url)),
};

/**
 * How every Lambda handler is bundled, in one place for the stack (`NodejsFunction`) and for the
 * bundle-size benchmark (plain esbuild), so the figures `npm run bench` prints are those of the
 * code that deploys.
 */
export const HANDLER_BUNDLE = {
  format: 'esm',
  /** Syntax level of Node 22, which the Node 24 runtime runs as is; local Node 20 loads it too. */
  target: 'node22',
  /** The SDK's ESM build: smaller and faster to load than its CommonJS one (FIELD-NOTES). */
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  /** Non-ASCII characters as themselves (Node reads modules as UTF-8), not as longer escapes. */
  charset: 'utf8',
  sourceMap: true,
  sourcesContent: false,
  /** Bundle the AWS SDK too: the versions are the ones the tests ran against. */
  externalModules: [] as string[],
} as const;

/** `HANDLER_BUNDLE` as `NodejsFunction` bundling options. */
export function nodejsFunctionBundling(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: HANDLER_BUNDLE.target,
    mainFields: [...HANDLER_BUNDLE.mainFields],
    banner: HANDLER_BUNDLE.banner,
    minify: HANDLER_BUNDLE.minify,
    sourceMap: HANDLER_BUNDLE.sourceMap,
    sourcesContent: HANDLER_BUNDLE.sourcesContent,
    externalModules: [...HANDLER_BUNDLE.externalModules],
    esbuildArgs: {
      '--alias': Object.entries(LAMBDA_MODULE_ALIASES).map(([module, replacement]) => `${module}=${replacement}`),
      // Not the `charset` option: aws-cdk-lib 2.276 declares it but leaves it off esbuild's command line.
      '--charset': HANDLER_BUNDLE.charset,
    },
  };
}

/** `HANDLER_BUNDLE` as the esbuild options `NodejsFunction` passes on its command line. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: HANDLER_BUNDLE.format,
    target: HANDLER_BUNDLE.target,
    mainFields: [...HANDLER_BUNDLE.mainFields],
    banner: { js: HANDLER_BUNDLE.banner },
    minify: HANDLER_BUNDLE.minify,
    charset: HANDLER_BUNDLE.charset,
    sourcemap: HANDLER_BUNDLE.sourceMap,
    sourcesContent: HANDLER_BUNDLE.sourcesContent,
    external: [...HANDLER_BUNDLE.externalModules],
    alias: { ...LAMBDA_MODULE_ALIASES },
    logLevel: 'silent',
  };
}
