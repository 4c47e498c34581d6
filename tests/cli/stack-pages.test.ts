/**
 * Article pages are fetched by the process that polls (SPEC §2 Full text, §5): the stack of `npm run serve` serves
 * and retries WebSub deliveries, and leaves a due page job in the store; the stack of `npm start` runs it. Both run
 * as real processes (tests/cli/programs/stack.ts, a page sweep every 100 ms) on a table of the suite's engine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { openStore, sourceList } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/engine.ts";
import { articlePage, paragraph } from "../../packages/core/src/extract/testdata/pages.ts";
import { rss } from "../../testkit/feeds.ts";
import { type Publisher, startPublisher } from "../../testkit/publisher.ts";
import { ROOT, runScript, until, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";

let publisher: Publisher;
beforeAll(async () => {
  publisher = await startPublisher();
  const teaser = `<p>${paragraph(0).split(". ")[0]}…</p>`;
  publisher.set("/world.rss", {
    body: rss({
      title: "World",
      items: [
        {
          title: "Talks",
          link: `${publisher.url}/world/talks`,
          pubDate: new Date().toUTCString(),
          description: teaser,
        },
      ],
    }),
  });
  publisher.set("/world/talks", { body: articlePage(), contentType: "text/html; charset=utf-8" });
});
afterAll(() => publisher.close());

/** Runs the stack program until `check` has run, then stops it with SIGINT and waits for its exit. */
async function withStack(mode: "serve" | "start", env: Record<string, string>, check: (port: number) => Promise<void>) {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "tests/cli/programs/stack.ts"), mode, String(port)],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore" },
  );
  try {
    await until(
      "the stack serving",
      async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined),
      60_000,
      100,
    );
    await check(port);
  } finally {
    child.kill("SIGINT");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

describe("article pages of the local stack", () => {
  it("a serving stack leaves a due page job alone; a polling stack fetches it", { timeout: 180_000 }, async () => {
    const table = `cli-${randomUUID()}`;
    const env = {
      // No page job from the polls: the one job is queued below.
      TRIBUTARY_CONFIG: writeConfig({
        title: "Pages",
        sources: [{ id: "world", url: `${publisher.url}/world.rss`, fullText: "never" }],
        topics: [{ slug: "all", title: "All", sources: ["*"] }],
      }),
      DYNAMODB_ENDPOINT: engineEndpoint(),
      TABLE_NAME: table,
    };
    expect((await runScript("poll.ts", ["--json"], env, 90_000)).code).toBe(0);
    const store = await openStore({ endpoint: engineEndpoint(), tableName: table, retentionDays: 90 });
    try {
      const [item] = (await store.lists.page(sourceList("world"), { limit: 10, cutoff: "" })).items;
      expect(item?.contentSource).toBe("feed");
      const job = {
        itemId: item?.id as string,
        sourceId: "world",
        url: `${publisher.url}/world/talks`,
        selector: null,
        attempts: 0,
        dueAt: new Date().toISOString(),
      };
      await store.pages.queue([job]);
      const pageRequests = () => publisher.requests.filter((r) => r.path === "/world/talks");

      await withStack("serve", env, async () => {
        // Twenty sweeps' time: a stack that ran page jobs would have claimed and fetched this one by now.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        expect(pageRequests()).toEqual([]);
        expect((await store.pages.due(new Date(), 10)).map((each) => each.url)).toEqual([job.url]);
      });

      await withStack("start", env, async () => {
        const stored = await until("the article stored", async () => {
          const [again] = (await store.lists.page(sourceList("world"), { limit: 10, cutoff: "" })).items;
          return again?.contentSource === "page" ? again : undefined;
        });
        expect(stored.contentHtml).toContain("Paragraph5:");
        expect(pageRequests()).toHaveLength(1);
        expect(await store.pages.due(new Date(), 10)).toEqual([]);
      });
    } finally {
      store.close();
    }
  });
});
