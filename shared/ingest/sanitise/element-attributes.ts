import { ALLOWED_ATTRIBUTES, BOOLEAN_ATTRIBUTES, EMPTY_ALLOWED_ATTRIBUTES, IFRAME_HOSTS, URL_ATTRIBUTES } from './html-allowlist.ts';
import { escapeAttribute } from '../../post/html-escape.ts';
import type { HtmlAttributes } from './html-tokens.ts';
import { parseUrl } from './resolve-url.ts';
import { isTrackingPixel } from './tracking-pixel.ts';

/** Links leave our pages without handing the partner our window or the reader's referrer. */
const LINK_REL = 'noopener noreferrer';

/**
 * The attributes an allowed element keeps, written out (` name="value"`…), or undefined when the
 * element must go: an image or iframe without a usable source, or a tracking pixel. URLs are
 * resolved against `baseUrl` and checked on the resolved form, so no spelling of a scheme slips by.
 */
export function writtenAttributes(tag: string, attributes: HtmlAttributes, baseUrl: string): string | undefined {
  if (tag === 'img' && isTrackingPixel(attributes)) return undefined;
  const urlRule = URL_ATTRIBUTES.get(tag);
  const url = urlRule ? allowedUrl(tag, attributes.get(urlRule.attribute), urlRule.schemes, baseUrl) : undefined;
  if ((tag === 'img' || tag === 'iframe') && url === undefined) return undefined;
  const allowed = ALLOWED_ATTRIBUTES.get(tag) ?? [];
  let written = '';
  for (const [name, value] of attributes) {
    if (!allowed.includes(name) || name === urlRule?.attribute || (tag === 'a' && name === 'rel')) continue;
    written += attribute(name, value);
  }
  if (urlRule && url !== undefined) written += attribute(urlRule.attribute, url);
  if (tag === 'a') written += attribute('rel', LINK_REL);
  return written;
}

function allowedUrl(tag: string, value: string | undefined, schemes: readonly string[], baseUrl: string): string | undefined {
  if (value === undefined) return undefined;
  const url = parseUrl(value, baseUrl);
  if (!url || !schemes.includes(url.protocol)) return undefined;
  if (tag === 'iframe' && !IFRAME_HOSTS.includes(url.hostname)) return undefined;
  return url.href;
}

function attribute(name: string, value: string): string {
  if (BOOLEAN_ATTRIBUTES.has(name)) return ` ${name}`;
  if (value === '' && !EMPTY_ALLOWED_ATTRIBUTES.has(name)) return '';
  return ` ${name}="${escapeAttribute(value)}"`;
}
