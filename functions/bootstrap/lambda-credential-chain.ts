import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import * as z from '../../shared/validation/zod-mini.ts';
import { describeSchemaError } from '../../shared/validation/field-problems.ts';

/**
 * The credentials Lambda puts in every function's environment: its execution role's session,
 * valid for the life of the execution environment.
 */
const LambdaCredentialsEnvSchema = z.object({
  AWS_ACCESS_KEY_ID: z.string().check(z.minLength(1)),
  AWS_SECRET_ACCESS_KEY: z.string().check(z.minLength(1)),
  AWS_SESSION_TOKEN: z.optional(z.string().check(z.minLength(1))),
});

export class LambdaCredentialsError extends Error {
  override readonly name = 'LambdaCredentialsError';
}

export function lambdaEnvironmentCredentials(env: Record<string, string | undefined>): AwsCredentialIdentity {
  const parsed = LambdaCredentialsEnvSchema.safeParse(env);
  if (!parsed.success) throw new LambdaCredentialsError(`no Lambda credentials in the environment: ${describeSchemaError(parsed.error)}`);
  const vars = parsed.data;
  return {
    accessKeyId: vars.AWS_ACCESS_KEY_ID,
    secretAccessKey: vars.AWS_SECRET_ACCESS_KEY,
    ...(vars.AWS_SESSION_TOKEN === undefined ? {} : { sessionToken: vars.AWS_SESSION_TOKEN }),
  };
}

/**
 * Takes the place of `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias,
 * infra/handler-bundling.ts). The SDK's default chain also bundles the SSO, ini-file, process,
 * web-identity and instance-metadata providers with the STS and SSO clients they call, about
 * 100 KiB a Lambda never runs: there, the environment always holds the role's credentials.
 * Offline runs are not bundled and keep the SDK's chain (they pass emulator credentials anyway).
 */
export function defaultProvider(): AwsCredentialIdentityProvider {
  // Read on the first ask, then kept: the signer asks on every attempt of every call, and the
  // environment's credentials do not change for the life of the execution environment.
  let read: AwsCredentialIdentity | undefined;
  return async () => {
    read ??= lambdaEnvironmentCredentials(process.env);
    return read;
  };
}
