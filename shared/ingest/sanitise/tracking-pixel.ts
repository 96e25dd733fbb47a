import type { HtmlAttributes } from './html-tokens.ts';

/**
 * A 1×1 (or 0×0) image is a tracking pixel, not content, however its size is written:
 * `width="1"`, `"1.0"`, `"01"`, `"1px"`, or `style="width:1px"`, `"height: 0"`.
 */
export function isTrackingPixel(attributes: HtmlAttributes): boolean {
  const style = styleSizes(attributes.get('style') ?? '');
  return [attributes.get('width'), attributes.get('height'), style.width, style.height].some((size) => size !== undefined && isTiny(size));
}

/** A number of at most one CSS pixel (a bare number in HTML's `width` is pixels), or zero in any unit. */
function isTiny(size: string): boolean {
  const match = /^\s*\+?(\d*\.?\d+)\s*([a-z%]*)\s*(?:!\s*important\s*)?$/i.exec(size);
  if (!match) return false;
  const value = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  return value === 0 || (value <= 1 && (unit === '' || unit === 'px'));
}

/** The last `width` and `height` declarations of an inline style, as CSS applies them. */
function styleSizes(style: string): { width?: string; height?: string } {
  const sizes: { width?: string; height?: string } = {};
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    const property = declaration.slice(0, colon).trim().toLowerCase();
    if (colon !== -1 && (property === 'width' || property === 'height')) sizes[property] = declaration.slice(colon + 1);
  }
  return sizes;
}
