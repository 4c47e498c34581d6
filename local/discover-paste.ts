/**
 * What `npm run discover` shows on a terminal after its JSON lines: the entries it proposes, ready to paste into the
 * `sources` of the user's configuration file — in that file's own format (README, Configuring sources and topics):
 * TypeScript object literals for a module such as `tributary.config.ts`, JSON objects for a `.json` file
 * (`TRIBUTARY_CONFIG`) — and what it does not propose, and why.
 */
import type { SourceConfig } from "@tributary/core/config";
import type { KnownFeed } from "@tributary/core/discover";

/** One page's discovery as the paste block tells it. */
export interface PastePage {
  input: string;
  /** Feeds found on the page, proposed or not. */
  found: number;
  error?: string;
  sources: SourceConfig[];
  configured: KnownFeed[];
  proposedAbove: KnownFeed[];
}

/** An entry as written in a configuration module: `{ id: "…", url: "…", title: "…" },` (TypeScript). */
function tsEntry(source: SourceConfig): string {
  const title = source.title ? `, title: ${JSON.stringify(source.title)}` : "";
  return `{ id: ${JSON.stringify(source.id)}, url: ${JSON.stringify(source.url)}${title} },`;
}

/** An entry as written in a JSON configuration: `{ "id": "…", "url": "…", "title": "…" }`. */
function jsonEntry(source: SourceConfig): string {
  const fields = [["id", source.id], ["url", source.url], ...(source.title ? [["title", source.title]] : [])];
  return `{ ${fields.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(", ")} }`;
}

/** Why feeds of a page are not proposed, one note each. */
function notes(page: PastePage): string[] {
  return [
    ...(page.found === 0 ? [`${page.input}: no feed found${page.error ? ` (${page.error})` : ""}`] : []),
    ...page.configured.map((feed) => `${feed.url}: already configured, as ${JSON.stringify(feed.id)}`),
    ...page.proposedAbove.map((feed) => `${feed.url}: proposed above, as ${JSON.stringify(feed.id)}`),
  ];
}

/**
 * The text to paste, for the configuration file `configFile` (named as given: `configFileName`'s absolute path).
 * For a `.json` file: the entries as JSON objects separated by commas (none after the last, which JSON refuses), the
 * notes after them as plain lines, since JSON has no comments. For a module: TypeScript entries, each followed by a
 * comma, and the notes as `//` comments in place, as before.
 * @example pasteText([{ input: "https://example.org/", found: 1, sources: [{ id: "a", url: "https://example.org/feed" }], configured: [], proposedAbove: [] }], "/home/me/feeds.json")
 * // 'Ready for "sources" in /home/me/feeds.json (after a comma if it lists some already):\n  { "id": "a", "url": "https://example.org/feed" }'
 */
export function pasteText(pages: readonly PastePage[], configFile: string): string {
  if (configFile.endsWith(".json")) {
    const entries = pages.flatMap((page) => page.sources.map(jsonEntry));
    const skipped = pages.flatMap(notes);
    const parts: string[] = [];
    if (entries.length > 0) {
      parts.push(
        `Ready for "sources" in ${configFile} (after a comma if it lists some already):`,
        entries.map((entry) => `  ${entry}`).join(",\n"),
      );
    } else parts.push(`No entry for "sources" in ${configFile}.`);
    if (skipped.length > 0) parts.push("Not proposed:", ...skipped.map((note) => `  ${note}`));
    return parts.join("\n");
  }
  const lines = pages.flatMap((page) => [...notes(page).map((note) => `// ${note}`), ...page.sources.map(tsEntry)]);
  return `Ready for \`sources\` in ${configFile}:\n${lines.map((line) => `  ${line}`).join("\n")}`;
}
