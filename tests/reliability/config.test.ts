/**
 * Invalid configurations: each alone is refused by the loader `npm run check` uses, with one problem naming
 * its path; `npm run check` itself exits 2 with one line per problem for files holding all of them.
 * (tests/cli/check.test.ts covers a file:// URL, an unknown source, a bad everyMinutes and a file that is
 * not JSON.)
 */
import { writeFileSync } from "node:fs";
import { loadConfig } from "@tributary/core/config";
import { ConfigError } from "@tributary/core/errors";
import { describe, expect, it } from "vitest";
import { runScript, writeConfig } from "../helpers/cli.ts";

const valid = {
  title: "Topics",
  sources: [
    { id: "a", url: "https://example.org/a.rss" },
    { id: "b", url: "http://example.org/b.rss", title: "B" },
  ],
  topics: [
    { slug: "t", title: "T", sources: ["a", "b"] },
    { slug: "all", title: "All", sources: ["*"] },
  ],
  poll: { everyMinutes: 10, concurrency: 8, perHost: 2, timeoutMs: 15000, maxBytes: 5242880 },
  retentionDays: 90,
};
type Valid = typeof valid;

const withSourceUrl = (url: string) => (c: Valid) => ({ ...c, sources: [{ ...c.sources[0], url }, c.sources[1]] });
const withPoll = (field: string, value: unknown) => (c: Valid) => ({ ...c, poll: { ...c.poll, [field]: value } });

/** [what, change to the valid configuration, the path its one problem must name]. */
const CASES: [string, (c: Valid) => unknown, string][] = [
  ["an ftp: source URL", withSourceUrl("ftp://example.org/a.rss"), "sources[0].url"],
  ["a javascript: source URL", withSourceUrl("javascript:alert(1)"), "sources[0].url"],
  ["a data: source URL", withSourceUrl("data:application/rss+xml,<rss/>"), "sources[0].url"],
  ["a gopher: source URL", withSourceUrl("gopher://example.org/"), "sources[0].url"],
  ["a relative source URL", withSourceUrl("/feeds/a.rss"), "sources[0].url"],
  ["a source URL without a scheme", withSourceUrl("example.org/a.rss"), "sources[0].url"],
  ["a source URL missing its colon", withSourceUrl("http//example.org/a.rss"), "sources[0].url"],
  ["an empty source URL", withSourceUrl(""), "sources[0].url"],
  ["an ftp: base URL", (c) => ({ ...c, baseUrl: "ftp://feeds.example.org" }), "baseUrl"],
  ["a base URL with a query", (c) => ({ ...c, baseUrl: "https://feeds.example.org/sub?x=1" }), "baseUrl"],
  ["a base URL with a fragment", (c) => ({ ...c, baseUrl: "https://feeds.example.org/sub#f" }), "baseUrl"],
  ["a base URL with an empty query", (c) => ({ ...c, baseUrl: "https://feeds.example.org/?" }), "baseUrl"],
  ["a base URL with credentials", (c) => ({ ...c, baseUrl: "https://u:p@feeds.example.org" }), "baseUrl"],
  ...[
    " https://feeds.example.org",
    "https://@feeds.example.org",
    "https://feeds.example.org/a b",
    "https://feeds.example.org\\x",
    "https://feeds.example.org/../x",
  ].map((baseUrl): [string, (c: Valid) => unknown, string] => [
    `a base URL not as a URL reads: ${JSON.stringify(baseUrl)}`,
    (c) => ({ ...c, baseUrl }),
    "baseUrl",
  ]),
  [
    "a duplicate source id",
    (c) => ({ ...c, sources: [...c.sources, { id: "a", url: "https://example.org/again.rss" }] }),
    "sources[2].id",
  ],
  [
    "a duplicate topic slug",
    (c) => ({ ...c, topics: [...c.topics, { slug: "t", title: "Again", sources: ["a"] }] }),
    "topics[2].slug",
  ],
  [
    "an unknown source in a topic",
    (c) => ({ ...c, topics: [c.topics[0], { slug: "x", title: "X", sources: ["b", "c"] }] }),
    "topics[1].sources[1]",
  ],
  [
    "a source named in the wrong case",
    (c) => ({ ...c, topics: [{ slug: "t", title: "T", sources: ["A"] }] }),
    "topics[0].sources[0]",
  ],
  [
    "a wildcard beside a source",
    (c) => ({ ...c, topics: [{ slug: "t", title: "T", sources: ["*", "a"] }] }),
    "topics[0].sources",
  ],
  ["a topic with no sources", (c) => ({ ...c, topics: [{ slug: "t", title: "T", sources: [] }] }), "topics[0].sources"],
  ["everyMinutes above a day", withPoll("everyMinutes", 1441), "poll.everyMinutes"],
  ["a fractional everyMinutes", withPoll("everyMinutes", 2.5), "poll.everyMinutes"],
  ["everyMinutes as a string", withPoll("everyMinutes", "10"), "poll.everyMinutes"],
  ["a negative concurrency", withPoll("concurrency", -1), "poll.concurrency"],
  ["concurrency above 256", withPoll("concurrency", 257), "poll.concurrency"],
  ["perHost 0", withPoll("perHost", 0), "poll.perHost"],
  ["perHost as a boolean", withPoll("perHost", true), "poll.perHost"],
  ["timeoutMs below 100", withPoll("timeoutMs", 99), "poll.timeoutMs"],
  ["timeoutMs above five minutes", withPoll("timeoutMs", 300_001), "poll.timeoutMs"],
  ["maxBytes below 1 KiB", withPoll("maxBytes", 1023), "poll.maxBytes"],
  ["maxBytes above 100 MiB", withPoll("maxBytes", 100 * 1024 * 1024 + 1), "poll.maxBytes"],
  ["maxBytes null", withPoll("maxBytes", null), "poll.maxBytes"],
  ["retentionDays 0", (c) => ({ ...c, retentionDays: 0 }), "retentionDays"],
  ["retentionDays above a century", (c) => ({ ...c, retentionDays: 36_501 }), "retentionDays"],
  ["a fractional retentionDays", (c) => ({ ...c, retentionDays: 1.5 }), "retentionDays"],
];

/** Both combined files hold many problems at once, each at its own path: one `npm run check` each. */
const COMBINED_A = {
  title: "Topics",
  baseUrl: "ftp://feeds.example.org",
  sources: [
    { id: "a", url: "ftp://example.org/a.rss" },
    { id: "b", url: "javascript:alert(1)" },
    { id: "c", url: "data:application/rss+xml,<rss/>" },
    { id: "d", url: "gopher://example.org/" },
    { id: "e", url: "/feeds/a.rss" },
    { id: "f", url: "example.org/a.rss" },
    { id: "g", url: "http//example.org/a.rss" },
    { id: "h", url: "" },
    { id: "a", url: "https://example.org/again.rss" },
    { id: "ok", url: "https://example.org/ok.rss" },
  ],
  topics: [
    { slug: "t", title: "T", sources: ["ok", "zz"] },
    { slug: "t", title: "Again", sources: ["OK"] },
    { slug: "w", title: "W", sources: ["*", "ok"] },
    { slug: "e", title: "E", sources: [] },
  ],
  poll: { everyMinutes: 1441, concurrency: -1, perHost: 0, timeoutMs: 99, maxBytes: 1023 },
  retentionDays: 0,
};
const PATHS_A = [
  ...Array.from({ length: 8 }, (_, i) => `sources[${i}].url`),
  "sources[8].id",
  "baseUrl",
  "topics[0].sources[1]",
  "topics[1].slug",
  "topics[1].sources[0]",
  "topics[2].sources",
  "topics[3].sources",
  "poll.everyMinutes",
  "poll.concurrency",
  "poll.perHost",
  "poll.timeoutMs",
  "poll.maxBytes",
  "retentionDays",
];
/** The other bad numbers; timeoutMs is written as 1e999, which JSON reads as Infinity. */
const COMBINED_B_TEXT = JSON.stringify({
  ...valid,
  poll: { everyMinutes: "10", concurrency: 257, perHost: true, timeoutMs: 15000, maxBytes: 100 * 1024 * 1024 + 1 },
  retentionDays: 36_501,
}).replace('"timeoutMs":15000', '"timeoutMs":1e999');
const PATHS_B = [
  "poll.everyMinutes",
  "poll.concurrency",
  "poll.perHost",
  "poll.timeoutMs",
  "poll.maxBytes",
  "retentionDays",
];

/** The problems loading a configuration file reports, as `npm run check` prints them. */
async function problemsOf(file: string): Promise<string[]> {
  try {
    await loadConfig(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe("each invalid configuration alone", () => {
  it.each(CASES)("%s", async (_, change, path) => {
    const problems = await problemsOf(writeConfig(change(structuredClone(valid))));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${path}: `), problems[0]).toBe(true);
  });

  it("a number too large for JSON (1e999, read as Infinity)", async () => {
    const file = writeConfig(valid);
    writeFileSync(file, JSON.stringify(valid).replace('"timeoutMs":15000', '"timeoutMs":1e999'));
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^poll\.timeoutMs: /);
  });

  it("the valid configuration they all start from loads", async () => {
    expect(await problemsOf(writeConfig(valid))).toEqual([]);
  });
});

describe.concurrent("npm run check", () => {
  it.each([
    ["URLs, duplicates, unknown sources and bad numbers", () => writeConfig(COMBINED_A), PATHS_A],
    [
      "wrong types, out-of-range numbers and Infinity",
      () => {
        const file = writeConfig({});
        writeFileSync(file, COMBINED_B_TEXT);
        return file;
      },
      PATHS_B,
    ],
  ] as [string, () => string, string[]][])(
    "exits 2 with one line naming each problem's path: %s",
    async (_, file, paths) => {
      const result = await runScript("check.ts", [], { TRIBUTARY_CONFIG: file() });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe("");
      const [header, ...lines] = result.stderr.trim().split("\n");
      expect(header).toMatch(/^Invalid configuration \(/);
      expect(lines.map((line) => line.slice(0, line.indexOf(": "))).sort(), result.stderr).toEqual([...paths].sort());
    },
    30_000,
  );
});
