/** The version of an object this process last wrote or read: its ETag and its body's SHA-256. */
export interface ObjectVersion {
  etag: string;
  sha256?: string;
}

/** Enough for every feed, its formats and its recent archive pages in one execution environment. */
const DEFAULT_CAPACITY = 10_000;

/**
 * What this process last saw of each object, so a regeneration can condition its PUT on it without
 * a HEAD. Knowing an ETag from earlier is as safe as reading it now: if anyone wrote since, the
 * conditional PUT fails and the caller forgets, reads and redoes. Least recently used entries go
 * first when full.
 */
export class RememberedVersions {
  private readonly versions = new Map<string, ObjectVersion>();

  constructor(private readonly capacity: number = DEFAULT_CAPACITY) {}

  recall(key: string): ObjectVersion | undefined {
    const version = this.versions.get(key);
    if (version === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the key as recently used.
    this.versions.delete(key);
    this.versions.set(key, version);
    return version;
  }

  remember(key: string, version: ObjectVersion): void {
    this.versions.delete(key);
    this.versions.set(key, version);
    if (this.versions.size > this.capacity) {
      const oldest = this.versions.keys().next().value;
      if (oldest !== undefined) this.versions.delete(oldest);
    }
  }

  forget(key: string): void {
    this.versions.delete(key);
  }
}
