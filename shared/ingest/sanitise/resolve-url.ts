/** An absolute URL, or undefined when the value is not a URL at all. */
export function resolveUrl(value: string, baseUrl: string): string | undefined {
  return parseUrl(value, baseUrl)?.href;
}

/**
 * The WHATWG parse a browser would make of an attribute value: entity-decoded already, trimmed,
 * tabs and newlines inside removed, so `java&#x09;script:` is seen as the `javascript:` it is.
 */
export function parseUrl(value: string, baseUrl: string): URL | undefined {
  try {
    return new URL(value.trim(), baseUrl);
  } catch {
    return undefined;
  }
}
