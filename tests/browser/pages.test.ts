import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pendingState } from "@tributary/core/store";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { makeItem, NOW, seed, testConfig } from "../api/fixtures.ts";
import { createTestStore } from "../helpers/store.ts";
import { contrastOf } from "./contrast.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium).`);

const DESKTOP = { width: 1024, height: 800 };
const PHONE = { width: 375, height: 740 };
/** What the item images resolve to: a drawn picture, served by the test, so no request leaves loopback. */
const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="#7a9cc6"/><circle cx="220" cy="60" r="30" fill="#f4d35e"/><path d="M0 200 L110 90 L200 200Z" fill="#3d5a80"/></svg>`;

describe.skipIf(!available)("pages in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const outside: string[] = [];
  beforeAll(async () => {
    const store = await createTestStore();
    await seed(
      store,
      "world",
      Array.from({ length: 12 }, (_, n) => makeItem(n, n + 1, n % 2 ? ["alpha", "beta"] : ["alpha"])),
    );
    await store.sources.save({
      ...pendingState("alpha", "https://alpha.example/feed.rss", NOW),
      status: "ok",
      lastFetchedAt: "2026-11-26T11:50:00.000Z",
      lastSuccessAt: "2026-11-26T11:50:00.000Z",
      nextFetchAt: "2026-11-26T12:00:00.000Z",
    });
    await store.sources.save({
      ...pendingState("beta", "https://beta.example/feed.rss", NOW),
      status: "failing",
      lastFetchedAt: "2026-11-26T11:45:00.000Z",
      lastSuccessAt: "2026-11-25T08:00:00.000Z",
      lastError: "http: 503 Service Unavailable",
      consecutiveErrors: 1,
      nextFetchAt: "2026-11-26T12:15:00.000Z",
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
        // Belt and braces with the request routing below: no name resolves to anything but loopback.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A browser context whose requests stay on loopback: the server's own, else item images drawn here, else refused. */
  async function newContext(options: { viewport: typeof DESKTOP; dark?: boolean }): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: options.viewport,
      colorScheme: options.dark ? "dark" : "light",
    });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.url}/`)) return route.continue();
      if (route.request().resourceType() === "image") {
        return route.fulfill({ status: 200, contentType: "image/svg+xml", body: PICTURE });
      }
      outside.push(url);
      return route.abort();
    });
    return context;
  }

  /** Opens a page, failing on console errors, page errors and failed same-origin requests; screenshots it. */
  async function open(pathname: string, name: string, viewport = DESKTOP, dark = false): Promise<Page> {
    const context = await newContext({ viewport, dark });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState("load");
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    return page;
  }

  async function close(page: Page) {
    await page.context().close();
  }

  it("shows the topics with their feeds, counts and times, and leads to a topic", async () => {
    const page = await open("/", "home");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Test topics");
    expect(await page.locator("h2").allInnerTexts()).toEqual(["World", "Quiet"]);
    expect(await page.locator("header nav a").allInnerTexts()).toEqual(["Topics", "Sources", "OPML", "API"]);
    expect(await page.locator("main").count()).toBe(1);
    expect(await page.locator("footer").count()).toBe(1);
    expect(await page.locator('link[rel="alternate"]').count()).toBe(6);
    const facts = await page.locator(".topics > li .meta").allInnerTexts();
    expect(facts[0]).toBe("12 items · newest published 2026-11-26 11:00 UTC · checked 2026-11-26 11:50 UTC");
    expect(facts[1]).toBe("No items yet · never fetched yet");
    expect(await page.getByRole("link", { name: "RSS" }).first().getAttribute("href")).toBe(
      `${server.url}/feeds/world.rss`,
    );
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    expect((await page.request.get(`${server.url}${icon}`)).headers()["content-type"]).toBe("image/svg+xml");
    await page.getByRole("link", { name: "World" }).click();
    await page.waitForURL(`${server.url}/topics/world`);
    expect(await page.locator("h1").textContent()).toBe("World");
    await close(page);
  });

  it("shows a topic's items with thumbnails, pages to older ones, and links its JSON API", async () => {
    const page = await open("/topics/world?limit=5", "topic");
    expect(await page.locator("article h2").allInnerTexts()).toEqual([
      "Article 0",
      "Article 1",
      "Article 2",
      "Article 3",
      "Article 4",
    ]);
    const meta = page.locator("article").nth(1).locator(".meta");
    expect(await meta.textContent()).toContain("Alpha Section · A. Writer · also in Beta & Co");
    expect(await meta.locator(".publisher").textContent()).toBe("Alpha Section");
    expect(await page.locator('link[rel="alternate"]').count()).toBe(3);
    const thumbs = page.locator("article img.thumb");
    expect(await thumbs.count()).toBe(5);
    for (const img of await thumbs.all()) {
      expect(await img.getAttribute("alt")).toBe("");
      expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(300);
      expect((await img.boundingBox())?.width).toBeGreaterThan(60);
    }
    const api = await page.getByRole("link", { name: "JSON API" }).getAttribute("href");
    const json = await (await page.request.get(api as string)).json();
    expect(json.items.map((item: { title: string }) => item.title)).toEqual(
      await page.locator("article h2").allInnerTexts(),
    );
    await page.getByRole("link", { name: "Older items" }).click();
    await page.waitForLoadState();
    expect(await page.locator("article h2").first().textContent()).toBe("Article 5");
    await page.getByRole("link", { name: "Newest items" }).click();
    await page.waitForLoadState();
    expect(await page.locator("article h2").first().textContent()).toBe("Article 0");
    await close(page);
  });

  it("searches a topic from its labelled search box", async () => {
    const page = await open("/topics/world", "topic-full");
    const box = page.getByLabel("Search World");
    expect(await page.getByRole("search").count()).toBe(1);
    await box.fill("article 1");
    await box.press("Enter");
    await page.waitForURL(/\/topics\/world\?q=article\+1$/);
    expect(await page.locator("article h2").allInnerTexts()).toEqual(["Article 1", "Article 10", "Article 11"]);
    expect(await page.getByLabel("Search World").inputValue()).toBe("article 1");
    await page.getByRole("link", { name: "Clear the search" }).click();
    await page.waitForURL(`${server.url}/topics/world`);
    expect(await page.locator("article").count()).toBe(12);
    await close(page);
  });

  it("says an empty topic's sources were never fetched and links to their health", async () => {
    const page = await open("/topics/quiet", "topic-empty");
    expect(await page.locator("main").textContent()).toContain("Its sources have never been fetched yet.");
    await page.getByRole("link", { name: "the health of the sources" }).click();
    await page.waitForURL(`${server.url}/sources`);
    await close(page);
  });

  it("shows the sources' health in a table, failing ones first, with a status filter", async () => {
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
    expect(await rows.nth(0).textContent()).toContain("Failing (1 error in a row)");
    expect(await rows.nth(1).textContent()).toContain("OK");
    expect(await rows.nth(1).textContent()).toContain("2026-11-26 11:50 UTC");
    expect(await rows.nth(2).textContent()).toContain("Pending");
    await page.getByRole("navigation", { name: "Status" }).getByRole("link", { name: "Failing" }).click();
    await page.waitForURL(`${server.url}/sources?status=failing`);
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.locator('[aria-current="page"]').textContent()).toBe("Failing");
    await close(page);
  });

  it.each([
    ["/", "home"],
    ["/topics/world?limit=5", "topic"],
    ["/sources", "sources"],
  ])("%s reads on a phone and in dark mode: no sideways scroll, AA contrast", async (pathname, name) => {
    for (const [viewport, dark, suffix] of [
      [PHONE, false, "phone"],
      [PHONE, true, "phone-dark"],
      [DESKTOP, true, "dark"],
    ] as const) {
      const page = await open(pathname, `${name}-${suffix}`, viewport, dark);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow, `${pathname} ${suffix}`).toBe(false);
      for (const selector of ["h1", "main p", "main a", ".meta", "th", "td"]) {
        const ratio = await contrastOf(page, selector);
        if (ratio !== null) expect(ratio, `${pathname} ${suffix} ${selector}`).toBeGreaterThanOrEqual(4.5);
      }
      await close(page);
    }
  });

  it("sent no request off loopback", () => {
    expect(outside).toEqual([]);
  });
});
