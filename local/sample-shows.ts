import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PodcastShowSchema, type PodcastShow } from '../shared/podcast/podcast-show.ts';

export const SAMPLE_SHOWS_DIRECTORY = fileURLToPath(new URL('./sample-shows/', import.meta.url));

/** The original sample podcast shows `npm start` seeds (default publication), validated like `feedline show add` input. */
export async function loadSampleShows(directory = SAMPLE_SHOWS_DIRECTORY): Promise<PodcastShow[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  const shows: PodcastShow[] = [];
  for (const name of names) shows.push(PodcastShowSchema.parse(JSON.parse(await readFile(path.join(directory, name), 'utf8'))));
  return shows;
}
