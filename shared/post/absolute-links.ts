import { escapeAttribute } from './html-escape.ts';
import { htmlAttributes } from './html-attributes.ts';

/** Attributes whose whole value is one URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite']);
/** `srcset` holds a list of `url descriptor` candidates. */
const SRCSET_ATTRIBUTE = 'srcset';

/**
 * A cheap test before parsing: some URL attribute whose value does not start with a scheme, or a
 * `srcset` (whose later candidates may be relative). Most bodies are already absolute and skip the
 * parse, and their bytes stay exactly as written.
 */
const MAY_HOLD_RELATIVE_LINK = /\b(?:(?:href|src|poster|cite)\s*=\s*["']?\s*(?![a-z][a-z0-9+.-]*:)|srcset\s*=)/i;

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites relative URLs in a post body into absolute ones, resolved against the post's own URL,
 * as a browser on the post page would. Feed readers show bodies out of context (there is no
 * `xml:base` in RSS or JSON Feed), so `/img/a.jpg` or `#notes` must carry their origin. Only the
 * rewritten attributes change; every other byte of the HTML is kept.
 *
 * @example
 * resolveRelativeLinks('<a href="/about">us</a>', 'https://news.example.org/posts/1');
 * // '<a href="https://news.example.org/about">us</a>'
 */
export function resolveRelativeLinks(html: string, baseUrl: string): string {
  if (!MAY_HOLD_RELATIVE_LINK.test(html)) return html;
  const replacements: Replacement[] = [];
  for (const { name, value, start, end } of htmlAttributes(html)) {
    const resolved = resolvedAttribute(name, value, baseUrl);
    if (resolved !== undefined) replacements.push({ start, end, text: `${name}="${escapeAttribute(resolved)}"` });
  }
  return applyReplacements(html, replacements);
}

function resolvedAttribute(name: string, value: string, baseUrl: string): string | undefined {
  if (URL_ATTRIBUTES.has(name)) return isAbsolute(value) ? undefined : resolve(value, baseUrl);
  if (name !== SRCSET_ATTRIBUTE) return undefined;
  const candidates = value.split(',').map((candidate) => candidate.trim()).filter((candidate) => candidate !== '');
  if (candidates.every((candidate) => isAbsolute(candidate))) return undefined;
  return candidates.map((candidate) => resolveCandidate(candidate, baseUrl)).join(', ');
}

function resolveCandidate(candidate: string, baseUrl: string): string {
  const [url = '', ...descriptors] = candidate.split(/\s+/);
  const resolved = isAbsolute(url) ? url : (resolve(url, baseUrl) ?? url);
  return [resolved, ...descriptors].join(' ');
}

/** A value with a scheme (`https:`, `mailto:`, `data:`) is left alone. */
function isAbsolute(value: string): boolean {
  return /^\s*[a-z][a-z0-9+.-]*:/i.test(value);
}

function resolve(value: string, baseUrl: string): string | undefined {
  try {
    return new URL(value.trim(), baseUrl).href;
  } catch {
    return undefined;
  }
}

/** Replacements arrive in document order and never overlap. */
function applyReplacements(html: string, replacements: Replacement[]): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  for (const { start, end, text } of replacements) {
    parts.push(html.slice(copiedUpTo, start), text);
    copiedUpTo = end;
  }
  parts.push(html.slice(copiedUpTo));
  return parts.join('');
}
