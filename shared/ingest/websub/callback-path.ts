import { SubscriptionIdSchema } from '../../post/post-schema.ts';

/** Where hubs call us: `<callback base>/websub/<subscriptionId>?token=<attempt token>`. */
export const CALLBACK_PATH_PREFIX = '/websub/';

/** The callback URL of one subscription attempt; the token names the attempt. */
export function callbackUrlOf(baseUrl: string, subscriptionId: string, token: string): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${CALLBACK_PATH_PREFIX}${encodeURIComponent(subscriptionId)}`);
  url.searchParams.set('token', token);
  return url.href;
}

/** The subscription id of a callback path, or undefined when the path is not one of ours. */
export function subscriptionIdOfCallbackPath(pathname: string): string | undefined {
  if (!pathname.startsWith(CALLBACK_PATH_PREFIX)) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(pathname.slice(CALLBACK_PATH_PREFIX.length));
  } catch {
    return undefined;
  }
  return SubscriptionIdSchema.safeParse(id).success ? id : undefined;
}
