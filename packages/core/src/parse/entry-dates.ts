/**
 * Where items and entries give their dates (raw, best candidate first): each format's own elements, then Dublin
 * Core's and DC Terms' as fallbacks. The one list of them, so that the tree can keep these elements of entries it
 * defers (`isDateElement`) and the entry cap can rank entries whose content was never built.
 */
import type { EntryDates } from "./entry-cap.ts";
import { textsOf } from "./extensions.ts";
import { NS } from "./xml-names.ts";
import type { XmlElement } from "./xml-tree.ts";

type Names = [string, string][];

const RSS_PUBLISHED: Names = [
  [NS.rss, "pubDate"],
  [NS.atom, "published"],
];
const RSS_UPDATED: Names = [[NS.atom, "updated"]];
// Atom 0.3 wrote `issued`, `created` and `modified`.
const ATOM_PUBLISHED: Names = [
  [NS.atom, "published"],
  [NS.atom, "issued"],
  [NS.atom, "created"],
];
const ATOM_UPDATED: Names = [
  [NS.atom, "updated"],
  [NS.atom, "modified"],
];
const DC_PUBLISHED: Names = [
  [NS.dc, "date"],
  [NS.dcterms, "issued"],
  [NS.dcterms, "created"],
  [NS.dcterms, "date"],
];
const DC_UPDATED: Names = [
  [NS.dcterms, "modified"],
  [NS.dc, "modified"],
];

/** Local names of the date elements, by namespace family. */
const ALL = new Map<string, Set<string>>();
for (const [ns, local] of [RSS_PUBLISHED, RSS_UPDATED, ATOM_PUBLISHED, ATOM_UPDATED, DC_PUBLISHED, DC_UPDATED].flat()) {
  ALL.set(ns, (ALL.get(ns) ?? new Set()).add(local));
}

/** An RSS or RDF item's dates: `pubDate`, Atom `published`, then DC's; Atom `updated`, then DC's. */
export function itemDates(item: XmlElement): EntryDates {
  return {
    published: [...textsOf(item, RSS_PUBLISHED), ...textsOf(item, DC_PUBLISHED)],
    updated: [...textsOf(item, RSS_UPDATED), ...textsOf(item, DC_UPDATED)],
  };
}

/** An Atom entry's dates: `published` (0.3: `issued`, `created`), then DC's; `updated` (0.3: `modified`), then DC's. */
export function entryDates(entry: XmlElement): EntryDates {
  return {
    published: [...textsOf(entry, ATOM_PUBLISHED), ...textsOf(entry, DC_PUBLISHED)],
    updated: [...textsOf(entry, ATOM_UPDATED), ...textsOf(entry, DC_UPDATED)],
  };
}

/** Whether an element (namespace family, local name) is one an item's or entry's dates are read from. */
export function isDateElement(ns: string, local: string): boolean {
  return ALL.get(ns)?.has(local) === true;
}
