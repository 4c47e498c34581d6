import type { RawEntry } from "@tributary/core/parse";

/** A parsed entry with nothing in it but `fields`: what a test of normalizing one entry starts from. */
export function rawEntry(fields: Partial<RawEntry> = {}): RawEntry {
  return {
    link: null,
    guid: null,
    guidIsPermaLink: null,
    title: null,
    descriptionHtml: null,
    contentHtml: null,
    author: null,
    categories: [],
    published: [],
    updated: [],
    images: [],
    xmlBase: null,
    ...fields,
  };
}
