/**
 * Takes the place of `@aws-sdk/endpoint-cache` in the Lambda bundles (an esbuild alias,
 * infra/handler-bundling.ts). The DynamoDB client builds one at construction for endpoint
 * discovery, which none of its commands performs (and we never enable); the real cache brings
 * mnemonist's LRU map, CommonJS that runs at load. This one only says so if it is ever used.
 */
export class EndpointDiscoveryUnavailableError extends Error {
  override readonly name = 'EndpointDiscoveryUnavailableError';
  constructor() {
    super('endpoint discovery is left out of the Lambda bundles (functions/bootstrap/no-endpoint-cache.ts)');
  }
}

export class EndpointCache {
  getEndpoint(): never {
    throw new EndpointDiscoveryUnavailableError();
  }

  get(): never {
    throw new EndpointDiscoveryUnavailableError();
  }

  set(): never {
    throw new EndpointDiscoveryUnavailableError();
  }

  delete(): never {
    throw new EndpointDiscoveryUnavailableError();
  }

  has(): never {
    throw new EndpointDiscoveryUnavailableError();
  }

  clear(): void {}
}
