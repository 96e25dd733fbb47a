import type { NetworkDirectorySite, NetworkPublication } from '../../site/network-directory.ts';
import { renderNetworkOpml } from '../../site/render-network-opml.ts';
import { renderNetworkPage } from '../../site/render-network-page.ts';
import { HTML_CONTENT_TYPE, NETWORK_INDEX_KEY, NETWORK_OPML_KEY, OPML_CONTENT_TYPE } from '../../site/site-keys.ts';
import { throwFirstWriteFailure, type FeedObjectStore } from '../write/feed-object-store.ts';
import { retryOnWriteConflict } from '../write/write-conflict-retry.ts';

/** Every object the network directory publisher writes; the stack grants its writer exactly these. */
export const NETWORK_DIRECTORY_KEYS = [NETWORK_INDEX_KEY, NETWORK_OPML_KEY] as const;

const MAX_ATTEMPTS = 3;

export class NetworkDirectoryConflictError extends Error {
  override readonly name = 'NetworkDirectoryConflictError';
  constructor(readonly attempts: number) {
    super(`${NETWORK_DIRECTORY_KEYS.join(', ')} kept changing under us: gave up after ${attempts} attempts`);
  }
}

export interface NetworkDirectoryPublisherOptions {
  objects: FeedObjectStore;
  network: NetworkDirectorySite & { cacheControl: string };
  /** Every publication's settings and catalog, read afresh for each attempt. */
  publications: () => Promise<readonly NetworkPublication[]>;
}

/**
 * Writes the network directory, `network/index.html` and `network/feeds.opml`, from every
 * publication's settings and catalog. Like the site publisher: the stored versions are read
 * before the publications, so a PUT conditioned on them fails if another writer published newer
 * data in between, and this one reads again and redoes; unchanged bytes are never PUT. Callers
 * keep it out of the failure path of a batch: a stale directory never fails a publication's feeds.
 */
export class NetworkDirectoryPublisher {
  constructor(private readonly options: NetworkDirectoryPublisherOptions) {}

  /** Returns whether anything was written. */
  async publish(): Promise<boolean> {
    return retryOnWriteConflict({ attempts: MAX_ATTEMPTS, attempt: () => this.publishOnce(), giveUp: () => new NetworkDirectoryConflictError(MAX_ATTEMPTS) });
  }

  private async publishOnce(): Promise<boolean> {
    const { objects, network } = this.options;
    const [storedPage, storedOpml] = await Promise.all(NETWORK_DIRECTORY_KEYS.map((key) => objects.head(key)));
    const publications = await this.options.publications();
    const files = [
      { key: NETWORK_INDEX_KEY, body: renderNetworkPage(network, publications), contentType: HTML_CONTENT_TYPE, replaces: storedPage },
      { key: NETWORK_OPML_KEY, body: renderNetworkOpml(network, publications), contentType: OPML_CONTENT_TYPE, replaces: storedOpml },
    ];
    const writes = await Promise.allSettled(files.map((file) => objects.putIfChanged({ ...file, cacheControl: network.cacheControl })));
    throwFirstWriteFailure(writes);
    return writes.some((write) => write.status === 'fulfilled' && write.value);
  }
}
