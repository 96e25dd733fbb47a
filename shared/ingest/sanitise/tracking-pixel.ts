import type { HtmlAttributes } from './html-tokens.ts';

/** A 1×1 (or 0×0) image is a tracking pixel, not content. */
export function isTrackingPixel(attributes: HtmlAttributes): boolean {
  const tiny = (value: string | undefined) => value !== undefined && /^\s*[01]\s*(px)?\s*$/i.test(value);
  return tiny(attributes.get('width')) || tiny(attributes.get('height'));
}
