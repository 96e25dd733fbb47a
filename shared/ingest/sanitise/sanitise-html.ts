import sanitizeHtml from 'sanitize-html';

/**
 * Embeds allowed in iframes: video and audio players that publishers use for reporting. Anything
 * else (ads, trackers, forms in frames) is removed with its iframe.
 */
export const IFRAME_HOSTS = [
  'www.youtube.com',
  'www.youtube-nocookie.com',
  'player.vimeo.com',
  'w.soundcloud.com',
  'www.dailymotion.com',
] as const;

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'div', 'span', 'a', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup',
  'abbr', 'cite', 'q', 'blockquote', 'code', 'pre', 'kbd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'img', 'picture', 'table', 'caption', 'thead', 'tbody',
  'tfoot', 'tr', 'th', 'td', 'iframe', 'time',
];

/** A 1×1 (or 0×0) image is a tracking pixel, not content. */
function isTrackingPixel(attributes: Record<string, string>): boolean {
  const tiny = (value: string | undefined) => value !== undefined && /^\s*[01]\s*(px)?\s*$/i.test(value);
  return tiny(attributes.width) || tiny(attributes.height);
}

/**
 * Partner HTML reduced to an allowlist before it reaches our feeds and readers' screens: no
 * script, style, event handlers, forms, `javascript:`/`data:` URLs or tracking pixels; iframes
 * only from `IFRAME_HOSTS`. Relative URLs are resolved against `baseUrl` (the item's link or the
 * feed URL), since the content will be read far from its origin.
 *
 * @example
 * sanitiseHtml('<p onclick="x()">Hi <script>bad()</script></p>', 'https://partner.example/'); // '<p>Hi </p>'
 */
export function sanitiseHtml(html: string, baseUrl: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      iframe: ['src', 'width', 'height', 'title', 'allowfullscreen'],
      abbr: ['title'],
      blockquote: ['cite'],
      q: ['cite'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      time: ['datetime'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'], iframe: ['https'] },
    allowProtocolRelative: false,
    allowedIframeHostnames: [...IFRAME_HOSTS],
    // Script and style text is dropped with the element, not kept as visible text.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'head'],
    exclusiveFilter: (frame) =>
      (frame.tag === 'img' && (isTrackingPixel(frame.attribs) || !frame.attribs.src)) || (frame.tag === 'iframe' && !frame.attribs.src),
    transformTags: {
      a: (tagName, attributes) => ({
        tagName,
        attribs: withResolved(attributes, 'href', baseUrl, { rel: 'noopener noreferrer' }),
      }),
      img: (tagName, attributes) => ({ tagName, attribs: withResolved(attributes, 'src', baseUrl) }),
      iframe: (tagName, attributes) => ({ tagName, attribs: withResolved(attributes, 'src', baseUrl) }),
    },
  });
}

/** Plain text of an HTML fragment (titles, summaries): every tag dropped, entities decoded. */
export function htmlToText(html: string): string {
  const escaped = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'noscript', 'template'] });
  return decodeBasicEntities(escaped).replace(/\s+/g, ' ').trim();
}

/** sanitize-html escapes `& < > "` in text; undo exactly that. */
function decodeBasicEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_entity, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? _entity);
}

function withResolved(
  attributes: Record<string, string>,
  name: string,
  baseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const value = attributes[name];
  if (value === undefined) return { ...attributes, ...extra };
  const resolved = resolveUrl(value, baseUrl);
  const { [name]: _dropped, ...rest } = attributes;
  return resolved === undefined ? { ...rest, ...extra } : { ...rest, [name]: resolved, ...extra };
}

/** An absolute URL, or undefined when the value is not a URL at all. */
export function resolveUrl(value: string, baseUrl: string): string | undefined {
  try {
    return new URL(value.trim(), baseUrl).href;
  } catch {
    return undefined;
  }
}
