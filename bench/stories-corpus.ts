/**
 * A labelled stories corpus (the layout of `../shared/corpus/stories-dev`: `items.jsonl` with one
 * `{link, title, description, publisher, source, published}` per line, `labels.json` mapping each link to its
 * story label) read as the product would store it: ids and URLs from the links by the normalize rules.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { canonicalUrl, itemId, itemUrl } from "@tributary/core/normalize";
import type { StoryInput } from "@tributary/core/stories";

/** A corpus: its items as grouping sees them, and their labels by item id. */
export interface StoryCorpus {
  items: StoryInput[];
  /** Item id → story label. */
  labels: Map<string, string>;
  /** Item id → the link it was read from. */
  links: Map<string, string>;
  /** Item id → the source (publisher feed) id. */
  sources: Map<string, string>;
}

interface CorpusLine {
  link: string;
  title: string | null;
  description: string | null;
  source: string;
  published: string;
}

/**
 * Reads a corpus directory.
 * @throws Error naming the file and line when a line is not an item or a link has no label.
 */
export function readStoryCorpus(dir: string): StoryCorpus {
  const linkLabels = JSON.parse(readFileSync(path.join(dir, "labels.json"), "utf8")) as Record<string, string>;
  const items: StoryInput[] = [];
  const labels = new Map<string, string>();
  const links = new Map<string, string>();
  const sources = new Map<string, string>();
  const lines = readFileSync(path.join(dir, "items.jsonl"), "utf8").split("\n");
  lines.forEach((text, index) => {
    if (text.trim() === "") return;
    const line = JSON.parse(text) as CorpusLine;
    const canonical = canonicalUrl(line.link);
    if (!canonical || typeof line.published !== "string") {
      throw new Error(`items.jsonl:${index + 1}: not an item with an http(s) link and a date`);
    }
    const label = linkLabels[line.link];
    if (label === undefined) throw new Error(`items.jsonl:${index + 1}: ${line.link} has no label`);
    const id = itemId({ canonicalUrl: canonical, sourceId: line.source, guid: line.link, title: line.title });
    items.push({
      id,
      url: itemUrl(line.link),
      title: line.title,
      summary: line.description,
      publishedAt: new Date(line.published).toISOString(),
    });
    labels.set(id, label);
    links.set(id, line.link);
    sources.set(id, line.source);
  });
  return { items, labels, links, sources };
}
