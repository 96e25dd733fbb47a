/** An environment that failed validation at the edge; the message says which variables and why. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
