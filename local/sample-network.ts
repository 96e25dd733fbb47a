import type { PublicationSettings } from '../shared/publication/publication-settings.ts';
import { PublicationExistsError, type PublicationStore } from '../shared/store/publication-store.ts';
import type { PostStore } from '../shared/store/post-store.ts';
import type { JsonLog } from './emulators/json-line-log.ts';
import { samplePublications } from './sample-publications.ts';
import { loadSamplePosts, samplePostsDirectoryOf } from './sample-posts.ts';

/**
 * Stores the `ru` and `fa` sample publications under the feed server's address and returns the
 * ones this start added. A kept table's publications are left as ops may have changed them, but
 * for their base URL: like the default publication's, it follows the port `npm start` serves on.
 */
export async function storeSamplePublications(store: PublicationStore, distributionBaseUrl: string, itemsPerFeed: number, log: JsonLog): Promise<PublicationSettings[]> {
  const added: PublicationSettings[] = [];
  // The local site's page size, so their samples fill archive pages too.
  for (const settings of samplePublications(distributionBaseUrl).map((sample) => ({ ...sample, itemsPerFeed }))) {
    const kept = await store.get(settings.id);
    if (kept?.feedBaseUrl === settings.feedBaseUrl) continue;
    if (kept) {
      await store.update(settings.id, { feedBaseUrl: settings.feedBaseUrl });
      log({ level: 'info', message: 'sample publication moved to the feed server address', publicationId: settings.id, feedBaseUrl: settings.feedBaseUrl });
      continue;
    }
    try {
      added.push(await store.add(settings));
    } catch (error) {
      if (!(error instanceof PublicationExistsError)) throw error;
    }
  }
  if (added.length > 0) log({ level: 'info', message: 'sample publications stored', publications: added.map((settings) => settings.id) });
  return added;
}

/** Writes one publication's original sample posts (`local/sample-posts/` or its `<id>/` folder). */
export async function seedSamplePostsOf(publicationId: string, posts: PostStore, log: JsonLog): Promise<void> {
  const samples = await loadSamplePosts(samplePostsDirectoryOf(publicationId));
  for (const post of samples) await posts.put(post);
  log({ level: 'info', message: 'sample posts seeded', publicationId, count: samples.length });
}
