/**
 * What partner HTML may keep. Everything else is removed: an element not listed loses its tags
 * but keeps its text, an attribute not listed is dropped.
 */

/**
 * Embeds allowed in iframes: video and audio players that publishers use for reporting. Anything
 * else (ads, trackers, forms in frames) is removed with its iframe.
 */
export const IFRAME_HOSTS: readonly string[] = ['www.youtube.com', 'www.youtube-nocookie.com', 'player.vimeo.com', 'w.soundcloud.com', 'www.dailymotion.com'];

export const ALLOWED_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...[
    'p', 'br', 'hr', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'cite', 'code', 'pre', 'kbd',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'li', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'picture', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr',
  ].map((tag) => [tag, []] as const),
  ['a', ['href', 'title', 'rel']],
  ['img', ['src', 'alt', 'title', 'width', 'height']],
  ['iframe', ['src', 'width', 'height', 'title', 'allowfullscreen']],
  ['abbr', ['title']],
  ['blockquote', ['cite']],
  ['q', ['cite']],
  ['td', ['colspan', 'rowspan']],
  ['th', ['colspan', 'rowspan', 'scope']],
  ['time', ['datetime']],
  ['ol', ['start']],
]);

/**
 * Removed with everything inside: code and styling whose text is not prose, form options, and
 * SVG and MathML, whose different parsing rules are where sanitiser bypasses live.
 */
export const CONTENT_DROPPED_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'head', 'svg', 'math']);

/** Kept, but empty: a browser shows the frame's document, never the text written inside the tag. */
export const CONTENT_FREE_TAGS: ReadonlySet<string> = new Set(['iframe']);

/** The one attribute of each element that holds a URL, and the schemes it may use. */
export const URL_ATTRIBUTES: ReadonlyMap<string, { attribute: string; schemes: readonly string[] }> = new Map([
  ['a', { attribute: 'href', schemes: ['http:', 'https:', 'mailto:'] }],
  ['img', { attribute: 'src', schemes: ['http:', 'https:'] }],
  ['iframe', { attribute: 'src', schemes: ['https:'] }],
  ['blockquote', { attribute: 'cite', schemes: ['http:', 'https:'] }],
  ['q', { attribute: 'cite', schemes: ['http:', 'https:'] }],
]);

/** Kept with an empty value; other empty attributes say nothing and are dropped. */
export const EMPTY_ALLOWED_ATTRIBUTES: ReadonlySet<string> = new Set(['alt']);
/** Written without a value. */
export const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set(['allowfullscreen']);
