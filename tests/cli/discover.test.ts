import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { ROOT, runScript, writeConfig } from "../helpers/cli.ts";

const SCRIPT = "/usr/bin/script";

/** Runs `npm run discover` on a pseudo-terminal (util-linux `script`) and returns what the terminal showed. */
function discoverOnTerminal(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const command = [process.execPath, "--import", "tsx", path.join(ROOT, "scripts/discover.ts"), ...args]
    .map((part) => JSON.stringify(part))
    .join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      env: { ...process.env, TERM: "xterm", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let shown = "";
    child.stdout.on("data", (chunk) => (shown += chunk));
    child.on("error", reject);
    child.on("exit", () => resolve(shown.replace(/\r/g, "")));
  });
}

let publisher: Awaited<ReturnType<typeof startPublisher>>;
beforeAll(async () => {
  publisher = await startPublisher();
  publisher.set("/regions/europe/", {
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html><title>Europe</title>
      <link rel="alternate" type="application/rss+xml" title="Europe" href="/feeds/regions/europe.rss">`,
  });
  publisher.set("/feeds/regions/europe.rss", { body: rss({ title: "Europe — the site", items: [] }) });
  publisher.set("/tag/ukraine-war/", { contentType: "text/html", body: "<!doctype html><title>Ukraine</title>" });
  publisher.set("/feeds/tag/ukraine-war.rss", { body: rss({ title: "ukraine war", items: [] }) });
  publisher.set("/about/", { contentType: "text/html", body: "<!doctype html><title>About</title>" });
});
afterAll(() => publisher.close());

const lines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("npm run discover", { timeout: 120_000 }, () => {
  it("prints one JSON line per input, in order, with ready sources entries; exit 1 when one had none", async () => {
    // A configured source already has the id "europe": the entry printed must not take it.
    const config = writeConfig({
      title: "T",
      sources: [{ id: "europe", url: "https://example.org/europe.rss" }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const inputs = [`${publisher.url}/regions/europe/`, `${publisher.url}/about/`, `${publisher.url}/tag/ukraine-war/`];
    const result = await runScript("discover.ts", ["--", ...inputs], { TRIBUTARY_CONFIG: config });
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      {
        input: inputs[0],
        via: "links",
        feeds: [{ url: `${publisher.url}/feeds/regions/europe.rss`, title: "Europe", format: "rss" }],
        sources: [{ id: "europe-2", url: `${publisher.url}/feeds/regions/europe.rss`, title: "Europe" }],
      },
      { input: inputs[1], via: "none", feeds: [], sources: [] },
      {
        input: inputs[2],
        via: "paths",
        feeds: [{ url: `${publisher.url}/feeds/tag/ukraine-war.rss`, title: "ukraine war", format: "rss" }],
        sources: [{ id: "ukraine-war", url: `${publisher.url}/feeds/tag/ukraine-war.rss`, title: "ukraine war" }],
      },
    ]);
  });

  it("exits 0 when every input had a feed, and the entries make a configuration check accepts", async () => {
    const result = await runScript("discover.ts", [`${publisher.url}/regions/europe/`], {
      TRIBUTARY_CONFIG: undefined,
    });
    expect(result.code).toBe(0);
    const [line] = lines(result.stdout);
    const config = writeConfig({
      title: "Discovered",
      sources: line.sources,
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const check = await runScript("check.ts", [], { TRIBUTARY_CONFIG: config });
    expect(check.code).toBe(0);
  });

  it("says a found feed is configured already, or proposed above, instead of proposing it again", async () => {
    const europe = `${publisher.url}/feeds/regions/europe.rss`;
    // Configured under another spelling of the same feed (a tracking parameter, a fragment).
    const config = writeConfig({
      title: "T",
      sources: [{ id: "rs-europe", url: `${europe}?utm_source=rss#top` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const inputs = [
      `${publisher.url}/regions/europe/`,
      `${publisher.url}/tag/ukraine-war/`,
      `${publisher.url}/tag/ukraine-war/`,
    ];
    const result = await runScript("discover.ts", ["--", ...inputs], { TRIBUTARY_CONFIG: config });
    expect(result.code).toBe(0);
    const [first, second, third] = lines(result.stdout);
    expect(first).toMatchObject({ sources: [], configured: [{ url: europe, id: "rs-europe" }] });
    expect(first.proposedAbove).toBeUndefined();
    const ukraine = `${publisher.url}/feeds/tag/ukraine-war.rss`;
    expect(second).toMatchObject({ sources: [{ id: "ukraine-war", url: ukraine }] });
    expect(second.configured).toBeUndefined();
    expect(third).toMatchObject({ sources: [], proposedAbove: [{ url: ukraine, id: "ukraine-war" }] });
  });

  it("says why a page could not be fetched", async () => {
    // Address refusals are tested with an injected resolver in packages/core/src/discover.
    const result = await runScript("discover.ts", ["http://127.0.0.1:1/"], {});
    expect(result.code).toBe(1);
    expect(lines(result.stdout)[0]).toMatchObject({ feeds: [], error: expect.stringMatching(/connection refused/) });
  });

  it("exits 2 naming the file and its problem when the configuration does not load, fetching nothing", async () => {
    // Its sources' ids are what the proposed ids must not take: defaults would propose taken ids.
    const broken = writeConfig({});
    writeFileSync(broken, '{"title":"x","sources":[{"id":"europe"');
    const before = publisher.requests.length;
    const result = await runScript("discover.ts", [`${publisher.url}/regions/europe/`], { TRIBUTARY_CONFIG: broken });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${broken}: invalid JSON`);
    expect(publisher.requests.length).toBe(before);
  });

  it.skipIf(!existsSync(SCRIPT))(
    "on a terminal, shows the entries to paste in the configuration file's own format, naming it",
    async () => {
      const inputs = [`${publisher.url}/regions/europe/`, `${publisher.url}/about/`];
      const json = writeConfig({
        title: "T",
        sources: [{ id: "europe", url: "https://example.org/europe.rss" }],
        topics: [{ slug: "all", title: "All", sources: ["*"] }],
      });
      const shownJson = await discoverOnTerminal(inputs, { TRIBUTARY_CONFIG: json });
      const europe = `${publisher.url}/feeds/regions/europe.rss`;
      const block = shownJson.slice(shownJson.indexOf("Ready for"));
      expect(block).toBe(
        `Ready for "sources" in ${json} (after a comma if it lists some already):\n` +
          `  { "id": "europe-2", "url": "${europe}", "title": "Europe" }\n` +
          `Not proposed:\n  ${inputs[1]}: no feed found\n`,
      );
      // The entries are JSON: pasted into the file's sources, it still loads.
      const entries = block.split("\n").slice(1, 2).join("\n");
      expect(JSON.parse(`[${entries}]`)).toEqual([{ id: "europe-2", url: europe, title: "Europe" }]);
      expect(shownJson).not.toMatch(/^\s*\/\/ /m);

      // The default, tributary.config.ts: TypeScript, the notes as comments.
      const shownTs = await discoverOnTerminal(inputs, { TRIBUTARY_CONFIG: undefined });
      expect(shownTs.slice(shownTs.indexOf("Ready for"))).toBe(
        `Ready for \`sources\` in ${path.join(ROOT, "tributary.config.ts")}:\n` +
          `  { id: "europe", url: "${europe}", title: "Europe" },\n` +
          `  // ${inputs[1]}: no feed found\n`,
      );
    },
  );
});
