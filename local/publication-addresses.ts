import type { PublicationHostnames } from '../shared/edge/publication-hostnames.ts';
import { DEFAULT_PUBLICATION_ID, publicationObjectPrefix, type PublicationId } from '../shared/publication/publication-keys.ts';
import { SITE_INDEX_KEY } from '../shared/site/site-keys.ts';

/** Where the local feed server serves one publication's index page. */
export interface PublicationAddress {
  id: PublicationId;
  title: string;
  /** Under the feed server's own address: `/` for the default publication, `/pubs/<id>/index.html` for another. */
  indexUrl: string;
  /** On the publication's own host name (`http://fa.localhost:8080/`), when host routing serves it. */
  hostUrl?: string;
}

/**
 * The index page of the default publication and of each stored one, as the welcome text lists
 * them: the path form always works; the host form needs the feed server's host routing.
 */
export function publicationAddresses(
  feedServerUrl: string,
  defaultTitle: string,
  publications: readonly { id: PublicationId; title: string }[],
  hostnames: PublicationHostnames,
): PublicationAddress[] {
  const base = new URL(feedServerUrl);
  const others = publications.map(({ id, title }) => {
    const hostname = hostnames[id];
    const hostUrl = hostname === undefined ? undefined : `${base.protocol}//${hostname}${base.port ? `:${base.port}` : ''}/`;
    return { id, title, indexUrl: new URL(`${publicationObjectPrefix(id)}${SITE_INDEX_KEY}`, base).href, ...(hostUrl && { hostUrl }) };
  });
  return [{ id: DEFAULT_PUBLICATION_ID, title: defaultTitle, indexUrl: base.href }, ...others];
}
