/**
 * What a table keyed by file extension says about a URL's path, or undefined when the path has
 * no extension the table knows. A relative URL counts too: partner feeds' links are resolved
 * only after parsing. A URL such as `…/episode?id=7` says nothing; its declared type stands.
 */
export function byUrlExtension<T>(table: Readonly<Record<string, T>>, url: string): T | undefined {
  let path: string;
  try {
    path = new URL(url, 'http://relative.invalid/').pathname;
  } catch {
    return undefined;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  // Own keys only: `x.constructor` must not find what every object inherits.
  return extension !== undefined && Object.hasOwn(table, extension) ? table[extension] : undefined;
}
