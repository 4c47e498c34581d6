/** The categories of a rendered entry, as RSS 2.0, Atom and JSON Feed write them. */

import { removeInvalidXmlChars } from "../characters.ts";
import type { Item } from "../item.ts";
import { nonBlank } from "./text.ts";

/**
 * The item's own categories, then the titles of the sources it came from (unknown source ids skipped),
 * cleaned and trimmed, blank ones and duplicates (ignoring case) dropped, first occurrence kept.
 */
export function entryCategories(item: Item, sourceTitles: Readonly<Record<string, string>>): string[] {
  const titles = item.sources.flatMap((id) => {
    const title = Object.hasOwn(sourceTitles, id) ? sourceTitles[id] : undefined;
    return title === undefined ? [] : [title];
  });
  const seen = new Map<string, string>();
  for (const category of [...item.categories, ...titles]) {
    if (nonBlank(category) === null) continue;
    const clean = removeInvalidXmlChars(category).trim();
    const key = clean.toLowerCase();
    if (!seen.has(key)) seen.set(key, clean);
  }
  return [...seen.values()];
}
