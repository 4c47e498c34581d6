import { randomUUID } from "node:crypto";
import { openStore } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { runScript, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
beforeAll(async () => {
  publisher = await startPublisher();
  const shared = Array.from({ length: 4 }, (_, n) => ({
    title: `Shared ${n}`,
    link: `https://news.example/shared-${n}/`,
    pubDate: pubDate(n),
  }));
  publisher.set("/a.rss", {
    body: rss({
      title: "A",
      items: [...shared, { title: "Only A", link: "https://news.example/a/", pubDate: pubDate(9) }],
    }),
  });
  publisher.set("/b.rss", { body: rss({ title: "B", items: shared }) });
  publisher.set("/broken.rss", { status: 500, body: "no" });
  // One entry of today and one published 200 days ago, past a retention of 90 days.
  publisher.set("/old.rss", {
    body: rss({
      title: "Old",
      items: [
        { title: "Today", link: "https://news.example/today/", pubDate: new Date().toUTCString() },
        {
          title: "Long ago",
          link: "https://news.example/long-ago/",
          pubDate: pubDate(0, Date.now() - 200 * 86_400_000),
        },
      ],
    }),
  });
});
afterAll(() => publisher.close());

function config() {
  return writeConfig({
    title: "CLI",
    sources: [
      { id: "a", url: `${publisher.url}/a.rss` },
      { id: "b", url: `${publisher.url}/b.rss` },
      { id: "broken", url: `${publisher.url}/broken.rss` },
    ],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });
}

const lastLine = (text: string) => JSON.parse(text.trim().split("\n").at(-1) as string);

describe("npm run poll", () => {
  it("prints JSON lines with the summary last, counting articles, and exits 0 when sources fail", async () => {
    const env = { TRIBUTARY_CONFIG: config(), DYNAMODB_ENDPOINT: engineEndpoint(), TABLE_NAME: `cli-${randomUUID()}` };
    const first = await runScript("poll.ts", ["--json"], env);
    expect(first.code).toBe(0);
    const lines = first.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(
      lines
        .filter((l) => l.event === "source")
        .map((l) => l.id)
        .sort(),
    ).toEqual(["a", "b", "broken"]);
    expect(lastLine(first.stdout)).toEqual({
      sources: 3,
      fetched: 2,
      notModified: 0,
      failed: 1,
      itemsNew: 5,
      itemsUpdated: 0,
      itemsUnchanged: 0,
    });

    const second = await runScript("poll.ts", ["--json"], env);
    expect(lastLine(second.stdout)).toEqual({
      sources: 3,
      fetched: 0,
      notModified: 2,
      failed: 1,
      itemsNew: 0,
      itemsUpdated: 0,
      itemsUnchanged: 0,
    });

    const due = await runScript("poll.ts", ["--due", "--json"], env);
    expect(lastLine(due.stdout)).toMatchObject({ sources: 0 });

    const store = await openStore({ endpoint: engineEndpoint(), tableName: env.TABLE_NAME, retentionDays: 90 });
    const page = await store.lists.page("t:all", { limit: 50, cutoff: "2000" });
    expect(page.items).toHaveLength(5);
  });

  // Exit 1 when storage is unreachable: storage-unreachable.test.ts runs `npm run poll` (text and --json) for it.
  it("exits 2 for an invalid configuration, writing nothing", async () => {
    const table = `cli-${randomUUID()}`;
    const bad = writeConfig({
      title: "T",
      sources: [{ id: "a", url: `${publisher.url}/a.rss` }],
      topics: [{ slug: "x", title: "X", sources: ["nope"] }],
    });
    const before = publisher.requests.length;
    const invalid = await runScript("poll.ts", ["--json"], {
      TRIBUTARY_CONFIG: bad,
      DYNAMODB_ENDPOINT: engineEndpoint(),
      TABLE_NAME: table,
    });
    expect(invalid.code).toBe(2);
    // With --json, the one JSON line a running stack prints for an invalid edit.
    expect(JSON.parse(invalid.stderr)).toEqual({
      event: "config-invalid",
      file: bad,
      problems: [{ path: "topics[0].sources[0]", message: 'unknown source "nope"' }],
    });
    const text = await runScript("poll.ts", [], {
      TRIBUTARY_CONFIG: bad,
      DYNAMODB_ENDPOINT: engineEndpoint(),
      TABLE_NAME: table,
    });
    expect(text.code).toBe(2);
    expect(text.stderr).toBe(`Invalid configuration (${bad}):\ntopics[0].sources[0]: unknown source "nope"\n`);
    expect(publisher.requests.length).toBe(before);
    const store = await openStore({ endpoint: engineEndpoint(), tableName: table, retentionDays: 90 });
    await expect(store.ping()).rejects.toThrow(/store/);
  });

  it("says an entry older than retentionDays was not stored, not that it was, keeping the JSON counts", async () => {
    const file = writeConfig({
      title: "Old",
      retentionDays: 90,
      sources: [{ id: "old", url: `${publisher.url}/old.rss` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const env = { TRIBUTARY_CONFIG: file, DYNAMODB_ENDPOINT: engineEndpoint() };
    const text = await runScript("poll.ts", [], { ...env, TABLE_NAME: `cli-${randomUUID()}` });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /\[1\/1\] ✓ old fetched: 2 entries — 1 new, 0 edited, 0 already stored, 1 older than retentionDays \(not stored\)/,
    );
    expect(text.stdout).toContain(
      "(1 feed entry older than retentionDays was not stored, and never will be: counted as unchanged above)",
    );
    // SPEC §5: itemsUnchanged counts the rest seen, the old entry among them.
    const json = await runScript("poll.ts", ["--json"], { ...env, TABLE_NAME: `cli-${randomUUID()}` });
    expect(lastLine(json.stdout)).toEqual({
      sources: 1,
      fetched: 1,
      notModified: 0,
      failed: 0,
      itemsNew: 1,
      itemsUpdated: 0,
      itemsUnchanged: 1,
    });
  });
});
