import type { SiteConfig } from '../config/site-config.ts';
import { isDefaultPublication, type PublicationId } from '../publication/publication-keys.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';

/** What the network directory says about the network itself. */
export interface NetworkDirectorySite {
  title: string;
  description: string;
  /** The distribution's base URL, ending with `/`: the directory lives under `network/` there. */
  baseUrl: string;
  /** The language of the directory's own texts; each publication's block keeps its own. */
  language: string;
}

/** One publication as the directory lists it: its settings and its catalog. */
export interface NetworkPublication {
  id: PublicationId;
  site: Pick<SiteConfig, 'title' | 'description' | 'siteUrl' | 'feedBaseUrl' | 'language'>;
  entries: readonly FeedCatalogEntry[];
}

/** The default publication first (the network's own site), then by id: the same network, the same bytes. */
export function inDirectoryOrder(publications: readonly NetworkPublication[]): NetworkPublication[] {
  return [...publications].sort((a, b) => {
    if (isDefaultPublication(a.id) !== isDefaultPublication(b.id)) return isDefaultPublication(a.id) ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * The language's name in that language ("فارسی", "русский"), as a reader looks for it; the tag
 * itself when the runtime has no name for it.
 */
export function languageNameOf(language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
