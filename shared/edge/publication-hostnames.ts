import * as z from 'zod';
import { isDefaultPublication, publicationObjectPrefix, type PublicationId } from '../publication/publication-keys.ts';
import { PublicationIdSchema, PublicationSettingsSchema } from '../publication/publication-settings.ts';

const HostnameSchema = PublicationSettingsSchema.shape.hostname.def.innerType;

/**
 * Which publication answers on which host name of its own, e.g. `{ "fa": "fa.feeds.example.org" }`:
 * the deploy-time map behind the distribution's alternate domain names and its host routing, and
 * the local feed server's. The default publication is not in it: it owns the distribution's own
 * name (or `customDomain`), and its objects have no prefix to route to.
 */
export const PublicationHostnamesSchema = z
  .record(z.string(), HostnameSchema, { error: 'must be a JSON object of publication id to host name, such as {"fa":"fa.feeds.example.org"}' })
  .superRefine((hostnames, context) => {
    const owners = new Map<string, PublicationId>();
    for (const [publicationId, hostname] of Object.entries(hostnames)) {
      const id = PublicationIdSchema.safeParse(publicationId);
      if (!id.success) {
        context.addIssue({ code: 'custom', path: [publicationId], message: `is not a publication id: ${id.error.issues.map((issue) => issue.message).join('; ')}` });
      }
      if (isDefaultPublication(publicationId)) {
        context.addIssue({ code: 'custom', path: [publicationId], message: 'the default publication is served on the distribution\'s own name (customDomain), not through host routing' });
      }
      const owner = owners.get(hostname);
      if (owner !== undefined) {
        context.addIssue({ code: 'custom', path: [publicationId], message: `${hostname} is already the host name of ${owner}: one host serves one publication` });
      }
      owners.set(hostname, publicationId);
    }
  });

export type PublicationHostnames = z.output<typeof PublicationHostnamesSchema>;

/**
 * Host name → the bucket prefix its requests are served from (`fa.feeds.example.org` →
 * `pubs/fa/`), from the publication keys contract, so routing and publishing cannot disagree.
 */
export function objectPrefixByHost(hostnames: PublicationHostnames): Map<string, string> {
  return new Map(Object.entries(hostnames).map(([publicationId, hostname]) => [hostname, publicationObjectPrefix(publicationId)]));
}

/**
 * A `-c` value arrives as a JSON string, `cdk.json` and a parsed env var as an object; a string that
 * is not JSON stays a string, so the schema names the mistake instead of a JSON parser.
 */
export function parsedJsonObject(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
