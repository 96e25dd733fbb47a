import { afterEach, describe, expect, it, vi } from 'vitest';
import { LambdaCredentialsError, defaultProvider, lambdaEnvironmentCredentials } from '../../../functions/bootstrap/lambda-credential-chain.ts';

afterEach(() => vi.unstubAllEnvs());

describe('lambdaEnvironmentCredentials', () => {
  it("returns the execution role's session as Lambda sets it", () => {
    const env = { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token', AWS_REGION: 'eu-west-1' };

    expect(lambdaEnvironmentCredentials(env)).toEqual({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('leaves the session token out when there is none (long-term keys)', () => {
    expect(lambdaEnvironmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' })).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
    });
  });

  it('names every missing or empty variable in a typed error', () => {
    const read = () => lambdaEnvironmentCredentials({ AWS_ACCESS_KEY_ID: '' });

    expect(read).toThrow(LambdaCredentialsError);
    expect(read).toThrow(/AWS_ACCESS_KEY_ID: .*; AWS_SECRET_ACCESS_KEY: /);
  });
});

describe('defaultProvider', () => {
  it('reads the environment when the SDK asks, not when the client is built', async () => {
    const provide = defaultProvider();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIALATER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');

    expect(await provide()).toEqual({ accessKeyId: 'ASIALATER', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('reads the environment once: every signed attempt asks again', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAFIRST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const provide = defaultProvider();
    await provide();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIASECOND');

    expect((await provide()).accessKeyId).toBe('ASIAFIRST');
  });
});
