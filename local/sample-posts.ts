import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Post } from '../shared/post/post-schema.ts';
import { validatePost } from '../shared/post/post-validation.ts';
import { isDefaultPublication, type PublicationId } from '../shared/publication/publication-keys.ts';

export const SAMPLE_POSTS_DIRECTORY = fileURLToPath(new URL('./sample-posts/', import.meta.url));

/**
 * Where a publication's sample posts are: the default publication's at the top, each other
 * publication's in a folder named by its id (`sample-posts/fa/`), each post naming it in `publication`.
 */
export function samplePostsDirectoryOf(publicationId: PublicationId): string {
  return isDefaultPublication(publicationId) ? SAMPLE_POSTS_DIRECTORY : path.join(SAMPLE_POSTS_DIRECTORY, publicationId);
}

/** The original sample posts `npm start` seeds, validated like any other input. */
export async function loadSamplePosts(directory = SAMPLE_POSTS_DIRECTORY): Promise<Post[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  const posts: Post[] = [];
  for (const name of names) {
    posts.push(validatePost(JSON.parse(await readFile(path.join(directory, name), 'utf8'))));
  }
  return posts;
}
