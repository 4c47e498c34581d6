/**
 * The documentation names only what a clone has: every relative link resolves, and every code span that names a
 * repository path (it begins with one of the repository's top-level folders or files, or with `../`) exists.
 * Placeholders (`<…>`, `*`, `{…}`, `…`) are not paths. No document cites a specification the repository does not
 * hold ("SPEC §3"): it says the rule instead.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.ts";

const DOCS = [
  "README.md",
  "demo/README.md",
  "packages/client/README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const TOP = new Set(readdirSync(ROOT).filter((name) => !name.startsWith(".") && name !== "node_modules"));

/** The repository paths a document names, each with where it points from. */
function namedPaths(doc: string): { named: string; resolved: string }[] {
  const text = readFileSync(path.join(ROOT, doc), "utf8");
  const found: { named: string; resolved: string }[] = [];
  for (const [, target = ""] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    found.push({ named: target, resolved: path.resolve(ROOT, path.dirname(doc), target) });
  }
  for (const [, span = ""] of text.matchAll(/`([^`\s]+)`/g)) {
    if (/[<>*{}…|]/.test(span)) continue;
    const first = span.split("/")[0] ?? "";
    if (span.startsWith("../") || (TOP.has(first) && span.includes("/"))) {
      found.push({ named: span, resolved: path.resolve(ROOT, span.split(/[:#]/)[0] ?? span) });
    }
  }
  return found;
}

describe("the documentation names only what a clone has", () => {
  it.each(DOCS)("%s", (doc) => {
    const missing = namedPaths(doc)
      .filter(({ resolved }) => !resolved.startsWith(ROOT + path.sep) || !existsSync(resolved))
      .map(({ named }) => named);
    expect(missing).toEqual([]);
  });
});

describe("the documentation cites no specification the repository lacks", () => {
  it.each(DOCS)("%s", (doc) => {
    const text = readFileSync(path.join(ROOT, doc), "utf8");
    expect(text.match(/\bSPEC\b[^\n]{0,20}/g) ?? []).toEqual([]);
  });
});
