import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { loadStreamFunctionConfig } from '../shared/config/stream-function-config.ts';
import {
  LocalPipelineNotRunningError,
  localClientOptions,
  localFailedBatchQueue,
  localPollerEnvironment,
  localStatePathFrom,
  localStreamEnvironment,
  newsletterSecretPathFor,
  readLocalState,
} from '../local/local-pipeline-contract.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';
import { projectRoot } from './project-root.ts';

/** The pipeline `npm start` runs, found through its state file (the local pipeline contract). */
export async function localPipelineTarget(env: Record<string, string | undefined>): Promise<CliTarget> {
  const statePath = localStatePathFrom(env, projectRoot());
  const state = await readLocalState(statePath).catch((error: unknown) => {
    if (error instanceof LocalPipelineNotRunningError) throw new InputError(error.message);
    throw error;
  });
  const clientOptions = localClientOptions(state);
  return {
    clients: createAwsClients(clientOptions),
    clientOptions,
    tableName: state.tableName,
    streamFunctionConfig: loadStreamFunctionConfig(localStreamEnvironment(state)),
    pollerEnvironment: localPollerEnvironment(state),
    feedServerUrl: state.feedServerUrl,
    failedBatchQueue: async () => localFailedBatchQueue(statePath),
    newsletter: {
      secretPath: newsletterSecretPathFor(statePath),
      ...(state.newsletterBaseUrl ? { baseUrl: state.newsletterBaseUrl } : {}),
      ...(state.sesEndpoint ? { sesEndpoint: state.sesEndpoint } : {}),
    },
    description: `local pipeline (table ${state.tableName} at ${state.dynamoDbEndpoint})`,
  };
}
