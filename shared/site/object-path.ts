/** The URL path of an object key, each segment percent-encoded. */
export function objectPath(key: string): string {
  return `/${key.split('/').map(encodeURIComponent).join('/')}`;
}
