/**
 * `npm run poll` with full text (SPEC §5): after its cycle commits it fetches the article pages that are due within
 * its one wait of at most 10 seconds, and leaves the pages still under way in the store for the next process.
 * Article links point at the loopback publisher (the local stack may fetch loopback addresses).
 */
import { randomUUID } from "node:crypto";
import { openStore, sourceList } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePage, paragraph } from "../../packages/core/src/extract/testdata/pages.ts";
import { rss } from "../../testkit/feeds.ts";
import { type Publisher, startPublisher } from "../../testkit/publisher.ts";
import { runScript, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";

let publisher: Publisher;
beforeAll(async () => {
  publisher = await startPublisher();
  const teaser = `<p>${paragraph(0).split(". ")[0]}…</p>`;
  const when = (hours: number) => new Date(Date.now() - hours * 3_600_000).toUTCString();
  publisher.set("/world.rss", {
    body: rss({
      title: "World",
      items: [
        { title: "Fast", link: `${publisher.url}/world/fast`, pubDate: when(1), description: teaser },
        { title: "Slow", link: `${publisher.url}/world/slow`, pubDate: when(2), description: teaser },
      ],
    }),
  });
  publisher.set("/world/fast", { body: articlePage(), contentType: "text/html; charset=utf-8" });
  // 3,000 nested divs around the article (34 KB): half a minute of Readability's work, were it read.
  const nested = articlePage().replace(
    /<main>([\s\S]*)<\/main>/,
    `<main>${"<div>".repeat(3_000)}$1${"</div>".repeat(3_000)}</main>`,
  );
  const deepFeed = rss({
    title: "Deep",
    items: [
      { title: "Deep", link: `${publisher.url}/deep/page`, pubDate: when(1), description: teaser },
      { title: "Plain", link: `${publisher.url}/deep/plain`, pubDate: when(2), description: teaser },
    ],
  });
  publisher.set("/deep.rss", { body: deepFeed });
  publisher.set("/deep/page", { body: nested, contentType: "text/html; charset=utf-8" });
  publisher.set("/deep/plain", { body: articlePage(), contentType: "text/html; charset=utf-8" });
  // Answers long after the poll's wait is over.
  publisher.set("/world/slow", { body: articlePage(), contentType: "text/html; charset=utf-8", delayMs: 50_000 });
});
afterAll(() => publisher.close());

describe("npm run poll with full text", () => {
  it("fetches the due pages after the cycle within its wait and leaves the rest in the store", async () => {
    const table = `cli-${randomUUID()}`;
    const env = {
      TRIBUTARY_CONFIG: writeConfig({
        title: "CLI",
        sources: [{ id: "world", url: `${publisher.url}/world.rss`, fullText: "auto" }],
        topics: [{ slug: "all", title: "All", sources: ["*"] }],
        poll: { timeoutMs: 40_000 },
      }),
      DYNAMODB_ENDPOINT: engineEndpoint(),
      TABLE_NAME: table,
    };
    const run = await runScript("poll.ts", ["--json"], env, 90_000);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    // The summary is still the last line; the pages' lines are on stderr.
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ sources: 1, itemsNew: 2 });
    const pageLines = run.stderr
      .split("\n")
      .filter((line) => line.includes('"full-text"'))
      .map((line) => JSON.parse(line));
    expect(pageLines).toMatchObject([{ url: `${publisher.url}/world/fast`, outcome: "stored" }]);
    // The command exited with the slow page still being answered: it did not wait for it.
    const slow = publisher.requests.filter((r) => r.path === "/world/slow");
    expect(slow).toHaveLength(1);
    expect(slow[0]?.status).toBe(0);

    const store = await openStore({ endpoint: engineEndpoint(), tableName: table, retentionDays: 90 });
    try {
      const list = await store.lists.page(sourceList("world"), { limit: 10, cutoff: "" });
      const byTitle = new Map(list.items.map((item) => [item.title, item]));
      expect(byTitle.get("Fast")?.contentSource).toBe("page");
      expect(byTitle.get("Slow")?.contentSource).toBe("feed");
      // Its job stays in the store, claimed: due again for the next process once the claim lapses.
      const later = await store.pages.due(new Date(Date.now() + 5 * 60_000), 10);
      expect(later.map((job) => job.url)).toEqual([`${publisher.url}/world/slow`]);
      expect(await store.pages.due(new Date(), 10)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it("refuses a page of deeply nested elements with its reason, and stores the other pages", async () => {
    const table = `cli-${randomUUID()}`;
    const env = {
      TRIBUTARY_CONFIG: writeConfig({
        title: "CLI",
        sources: [{ id: "deep", url: `${publisher.url}/deep.rss`, fullText: "always" }],
        topics: [{ slug: "all", title: "All", sources: ["*"] }],
      }),
      DYNAMODB_ENDPOINT: engineEndpoint(),
      TABLE_NAME: table,
    };
    const run = await runScript("poll.ts", ["--json"], env, 90_000);
    expect(run.code).toBe(0);
    const pageLines = run.stderr
      .split("\n")
      .filter((line) => line.includes('"full-text"'))
      .map((line) => JSON.parse(line));
    expect(pageLines.sort((a, b) => (a.url < b.url ? -1 : 1))).toMatchObject([
      {
        url: `${publisher.url}/deep/page`,
        outcome: "refused",
        reason: "not an article: elements nested more than 128 deep",
      },
      { url: `${publisher.url}/deep/plain`, outcome: "stored" },
    ]);
    const store = await openStore({ endpoint: engineEndpoint(), tableName: table, retentionDays: 90 });
    try {
      const list = await store.lists.page(sourceList("deep"), { limit: 10, cutoff: "" });
      const byTitle = new Map(list.items.map((item) => [item.title, item.contentSource]));
      expect(Object.fromEntries(byTitle)).toEqual({ Deep: "feed", Plain: "page" });
      // The refused page is settled, not left to be tried again.
      expect(await store.pages.due(new Date(Date.now() + 2 * 3_600_000), 10)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
