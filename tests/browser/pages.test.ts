import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { pendingState } from "../../packages/core/src/store/index.ts";
import { makeItem, NOW, seed, testConfig } from "../api/fixtures.ts";
import { createTestStore } from "../helpers/store.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium).`);

describe.skipIf(!available)("pages in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    const store = await createTestStore();
    await seed(
      store,
      "world",
      Array.from({ length: 12 }, (_, n) => makeItem(n, n + 1, n % 2 ? ["alpha", "beta"] : ["alpha"])),
    );
    await store.saveSourceState({
      ...pendingState("alpha", "https://alpha.example/feed.rss", NOW),
      status: "ok",
      lastFetchedAt: "2026-11-26T11:50:00.000Z",
      lastSuccessAt: "2026-11-26T11:50:00.000Z",
      nextFetchAt: "2026-11-26T12:00:00.000Z",
    });
    server = await startServer({ config: testConfig, store, now: () => NOW, port: 0, hostname: "127.0.0.1" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page, failing on console errors, page errors and failed same-origin requests. */
  async function open(pathname: string, name: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status()).toBe(200);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    return page;
  }

  it("shows the topics with their feeds, and leads to a topic", async () => {
    const page = await open("/", "home");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Test topics");
    expect(await page.locator("h2").allInnerTexts()).toEqual(["World", "Quiet"]);
    expect(await page.locator("header nav a").allInnerTexts()).toEqual(["Topics", "Sources", "OPML", "API"]);
    expect(await page.locator("main").count()).toBe(1);
    expect(await page.locator("footer").count()).toBe(1);
    expect(await page.locator('link[rel="alternate"]').count()).toBe(6);
    expect(await page.getByRole("link", { name: "RSS" }).first().getAttribute("href")).toBe(
      `${server.url}/feeds/world.rss`,
    );
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    await page.getByRole("link", { name: "World" }).click();
    await page.waitForURL(`${server.url}/topics/world`);
    expect(await page.locator("h1").textContent()).toBe("World");
    await page.close();
  });

  it("shows a topic's latest items and pages to older ones", async () => {
    const page = await open("/topics/world?limit=5", "topic");
    expect(await page.locator("article h2").allInnerTexts()).toEqual([
      "Article 0",
      "Article 1",
      "Article 2",
      "Article 3",
      "Article 4",
    ]);
    expect(await page.locator("article").nth(1).locator(".meta").textContent()).toContain(
      "from Alpha Section, Beta & Co",
    );
    expect(await page.locator('link[rel="alternate"]').count()).toBe(3);
    await page.getByRole("link", { name: "Older items" }).click();
    await page.waitForLoadState();
    expect(await page.locator("article h2").first().textContent()).toBe("Article 5");
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, "topic-narrow.png"), fullPage: true });
    await page.close();
  });

  it("shows every source's health in a table", async () => {
    const page = await open("/sources", "sources");
    expect(await page.locator("h1").textContent()).toBe("Sources");
    expect(await page.locator("thead th").allInnerTexts()).toEqual([
      "Source",
      "Status",
      "Last success",
      "Last error",
      "Next fetch",
    ]);
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain("OK");
    expect(await rows.nth(0).textContent()).toContain("2026-11-26 11:50 UTC");
    expect(await rows.nth(1).textContent()).toContain("Pending");
    await page.close();
  });
});
