import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts DynamoDB Local and the S3 emulator once for the whole run (about 3 s).
    globalSetup: ['test/global-setup.ts'],
    // Emulator round trips and stream delivery take hundreds of milliseconds, not the 5 s default's scale.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Lets a test run s3rver in its own worker with truncated listings (DES needs the legacy
    // provider); the shared emulator runs in a child process that already has the flag.
    execArgv: ['--openssl-legacy-provider'],
    env: {
      // The SDK's notice that it will need Node 22 in 2027; Lambda runs Node 24 already (infra/handler-bundling.ts).
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
