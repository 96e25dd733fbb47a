import type { ParsedFeedHead, ParsedItem } from './parsed-feed.ts';
import type { XmlNode } from './xml-node.ts';

/** How one format's elements become the neutral `ParsedFeed`: chosen once, from the root element. */
export interface XmlFeedMapping {
  isItem(node: XmlNode, parent: XmlNode, parentIsRoot: boolean): boolean;
  item(node: XmlNode): ParsedItem;
  head(root: XmlNode): ParsedFeedHead;
  /** A standalone Atom entry document is itself the one item. */
  rootIsItem: boolean;
}

/** Sets an optional field only when there is a value: items are built by assignment, which is cheaper than spreading. */
export function setDefined<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
