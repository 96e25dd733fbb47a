/** Anything thrown, as one line for a message: `Name: message`, or the value itself as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Anything thrown, as structured log fields: name, message, the context a typed error carries
 * (feed ids, keys), and the cause as one line, since fetch reports a refused connection as
 * `TypeError: fetch failed` with the reason only there.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, message: error.message, ...contextOf(error), ...causeOf(error) };
}

function contextOf(error: Error): Record<string, unknown> {
  const { name: _name, message: _message, stack: _stack, cause: _cause, ...context } = error as Error & Record<string, unknown>;
  return context;
}

function causeOf(error: Error): Record<string, unknown> {
  if (!(error.cause instanceof Error)) return {};
  const code = (error.cause as Error & { code?: string }).code;
  return { cause: `${code ?? error.cause.name}: ${error.cause.message}` };
}
