/** `<div><span>x` repeated to about `characters`: nested unclosed tags, the markup that made sanitising quadratic. */
export function nestedMarkup(characters: number): string {
  return '<div><span>x'.repeat(Math.floor(characters / 12));
}

/** An RSS 2.0 document with one item per body length, each body nested unclosed tags. */
export function nestedMarkupRss(bodyLengths: readonly number[]): Buffer {
  const items = bodyLengths.map(
    (length, index) =>
      `<item><title>Nested ${index}</title><link>https://nested.example/${index}</link><guid>nested-${index}</guid><description><![CDATA[${nestedMarkup(length)}]]></description></item>`,
  );
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Nested</title><link>https://nested.example/</link><description>Hostile markup</description>${items.join('')}</channel></rss>`);
}
