import * as z from '../validation/zod-mini.ts';
import type { NewsletterSecretSource } from '../config/newsletter-config.ts';
import { keyringOf, NewsletterSecretError, type NewsletterKeyring } from './newsletter-keyring.ts';

/**
 * The AWS Parameters and Secrets Lambda extension listens here: it fetches and caches the secret
 * with the function's role, so no Secrets Manager SDK client is bundled.
 */
const EXTENSION_URL = 'http://localhost:2773/secretsmanager/get';

const SecretResponseSchema = z.object({ SecretString: z.string() });

/** The keyring from its source; in AWS through the extension, authenticated by the session token. */
export async function readNewsletterKeyring(source: NewsletterSecretSource, env: Record<string, string | undefined>): Promise<NewsletterKeyring> {
  if (source.kind === 'value') return keyringOf(source.hex);
  const response = await fetch(`${EXTENSION_URL}?secretId=${encodeURIComponent(source.secretId)}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
  });
  if (!response.ok) throw new NewsletterSecretError(`the newsletter secret could not be read: HTTP ${response.status} from the secrets extension`);
  const parsed = SecretResponseSchema.safeParse(await response.json());
  if (!parsed.success) throw new NewsletterSecretError('the secrets extension answered without a SecretString');
  return keyringOf(parsed.data.SecretString.trim());
}
