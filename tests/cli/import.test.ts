import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "@tributary/core/config";
import { configFromOpml, OpmlError, readOpml } from "@tributary/core/opml";
import { openStore } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { ROOT, runScript, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";

const TESTDATA = path.join(ROOT, "packages/core/src/opml/testdata");
const dir = mkdtempSync(path.join(tmpdir(), "tributary-import-"));
/** Writes an OPML file and returns its path. */
function opmlFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

let publisher: Awaited<ReturnType<typeof startPublisher>>;
beforeAll(async () => {
  publisher = await startPublisher();
  const story = (n: number) => ({ title: `Story ${n}`, link: `https://news.example/${n}/`, pubDate: pubDate(n) });
  publisher.set("/europe.rss", { body: rss({ title: "Europe", items: [story(1), story(2)] }) });
  publisher.set("/kyiv.rss", { body: rss({ title: "Kyiv", items: [story(2), story(3)] }) });
  publisher.set("/tech.rss", { body: rss({ title: "Tech", items: [story(4)] }) });
});
afterAll(() => publisher.close());

describe("npm run import", { timeout: 120_000 }, () => {
  it("turns a subscription list into a configuration that check accepts and poll polls", async () => {
    const p = publisher.url;
    const file = opmlFile(
      "mine.opml",
      `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My reader</title></head><body>
  <outline text="World">
    <outline text="Europe" title="Europe" type="rss" xmlUrl="${p}/europe.rss"/>
    <outline text="Ukraine"><outline type="rss" xmlUrl="${p}/kyiv.rss"/></outline>
  </outline>
  <outline text="Tech"><outline text="Tech" type="rss" xmlUrl="${p}/tech.rss"/>
    <outline text="Europe again" type="rss" xmlUrl="${p}/europe.rss"/>
    <outline text="Gopher" type="rss" xmlUrl="gopher://old.example/feed"/></outline>
</body></opml>`,
    );
    const result = await runScript("import.ts", ["--", file], {});
    expect(result.code).toBe(0);
    const config = JSON.parse(result.stdout);
    expect(config.title).toBe("My reader");
    expect(config.sources).toEqual([
      { id: "europe", url: `${p}/europe.rss`, title: "Europe" },
      { id: "127-0-0-1-kyiv-rss", url: `${p}/kyiv.rss` },
      { id: "tech", url: `${p}/tech.rss`, title: "Tech" },
    ]);
    expect(config.topics.map((t: { slug: string; sources: string[] }) => [t.slug, t.sources])).toEqual([
      ["all", ["*"]],
      ["world", ["europe", "127-0-0-1-kyiv-rss"]],
      ["world-ukraine", ["127-0-0-1-kyiv-rss"]],
      ["tech", ["tech", "europe"]],
    ]);
    expect(result.stderr).toMatch(/merged body\.outline\[1\]\.outline\[1\]: the same feed as source "europe"/);
    expect(result.stderr).toMatch(/skipped body\.outline\[1\]\.outline\[2\] "Gopher": not an http\(s\) URL/);

    const configFile = writeConfig(config);
    // What `npm run check` loads (its own run is shown on an --out file below).
    const checked = await loadConfig(configFile);
    expect([checked.sources.length, checked.topics.length]).toEqual([3, 4]);

    const table = `import-${randomUUID()}`;
    const env = { TRIBUTARY_CONFIG: configFile, DYNAMODB_ENDPOINT: engineEndpoint(), TABLE_NAME: table };
    const poll = await runScript("poll.ts", ["--json"], env);
    expect(poll.code).toBe(0);
    expect(JSON.parse(poll.stdout.trim().split("\n").at(-1) as string)).toMatchObject({
      sources: 3,
      fetched: 3,
      failed: 0,
      itemsNew: 4,
    });
    const store = await openStore({ endpoint: engineEndpoint(), tableName: table, retentionDays: 90 });
    const titles = async (slug: string) =>
      (await store.lists.page(`t:${slug}`, { limit: 50, cutoff: "2000" })).items.map((i) => i.title).sort();
    expect(await titles("world")).toEqual(["Story 1", "Story 2", "Story 3"]);
    expect(await titles("world-ukraine")).toEqual(["Story 2", "Story 3"]);
    expect(await titles("tech")).toEqual(["Story 1", "Story 2", "Story 4"]);
    expect(await titles("all")).toEqual(["Story 1", "Story 2", "Story 3", "Story 4"]);
    store.close();
  });

  // One real `import --out` and one real `check` show the command's file output and exit statuses; every export
  // is then turned into a file the same way and read back by check's own loader, so each one is shown accepted.
  it("writes a configuration check accepts from each reader's export (--out)", async () => {
    const out = path.join(dir, "miniflux.opml.json");
    const result = await runScript("import.ts", [path.join(TESTDATA, "miniflux.opml"), "--out", out], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`wrote ${out}`);
    const written = JSON.parse(readFileSync(out, "utf8"));
    const check = await runScript("check.ts", [], { TRIBUTARY_CONFIG: out });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`ok: ${written.sources.length} sources, ${written.topics.length} topics`);

    for (const name of ["miniflux.opml", "freshrss.opml", "feedly.opml", "netnewswire.opml"]) {
      const { config } = configFromOpml(readOpml(new Uint8Array(readFileSync(path.join(TESTDATA, name)))));
      if (name === "miniflux.opml") expect(config, name).toEqual(written);
      const file = path.join(dir, `${name}.in-process.json`);
      writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
      const loaded = await loadConfig(file);
      expect([name, loaded.sources.length, loaded.topics.length]).toEqual([
        name,
        config.sources?.length,
        config.topics?.length,
      ]);
    }
  });

  // A reader's refusal (OpmlError) is exit 2 with its reason and nothing printed, shown for broken XML by the
  // command itself; the other refusals are the same OpmlError, shown here with their reasons.
  it("exits 2 with the reason for broken XML, not OPML and no feed, printing no configuration", async () => {
    const file = opmlFile("broken-XML.opml", "<opml><body><outline text='a'></body></opml>");
    const result = await runScript("import.ts", [file], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/malformed XML at line 1, column \d+: Expected closing tag 'outline'/);
    expect(result.stderr).toContain(`${file}: `);

    const refusals: [string, RegExp][] = [
      ["<rss version='2.0'><channel/></rss>", /not an OPML file: the root element is <rss>/],
      ["<opml version='2.0'><body><outline text='Folder'/></body></opml>", /no feeds/],
    ];
    for (const [text, reason] of refusals) {
      const read = () => configFromOpml(readOpml(new TextEncoder().encode(text)));
      expect(read).toThrow(OpmlError);
      expect(read).toThrow(reason);
    }
  });

  it("exits 2 for a file it cannot read, and for no file at all", async () => {
    const missing = await runScript("import.ts", [path.join(dir, "nope.opml")], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.opml/);
    const usage = await runScript("import.ts", [], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run import/);
  });

  it("never writes over the OPML file, nor over another file without --force; a bad --out is one line", async () => {
    const opml = readFileSync(path.join(TESTDATA, "miniflux.opml"), "utf8");
    const file = opmlFile("subs.opml", opml);
    const link = path.join(dir, "subs-link.opml");
    symlinkSync(file, link);
    const refused = async (args: string[], line: RegExp) => {
      const result = await runScript("import.ts", ["--", ...args], {});
      const lines = result.stderr.trim().split("\n");
      expect({ args, code: result.code, stdout: result.stdout, first: lines[0] }).toEqual({
        args,
        code: 2,
        stdout: "",
        first: expect.stringMatching(line),
      });
      expect(lines.length).toBeLessThanOrEqual(2);
    };
    // The input itself, by its name, another spelling of it, or a link to it: never, --force or not.
    await refused([file, "--out", file], /^import: --out .*subs\.opml is the OPML file read/);
    await refused([file, "--out", path.join(dir, ".", "subs.opml"), "--force"], /is the OPML file read/);
    await refused([file, "--out", link, "--force"], /is the OPML file read/);
    expect(readFileSync(file, "utf8")).toBe(opml);

    // Another file: refused without --force, replaced whole with it.
    const existing = path.join(dir, "mine.json");
    writeFileSync(existing, '{"title":"edited by hand"}');
    await refused([file, "--out", existing], /^import: --out .*mine\.json exists: choose another name, or add --force/);
    expect(readFileSync(existing, "utf8")).toBe('{"title":"edited by hand"}');
    const forced = await runScript("import.ts", [file, "--out", existing, "--force"], {});
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(existing, "utf8")).sources.length).toBeGreaterThan(0);

    // A folder that does not exist, a folder, an unknown option: one line each, no stack trace.
    await refused(
      [file, "--out", "/nonexistent/dir/x.json"],
      /^import: --out \/nonexistent\/dir\/x\.json: no folder \/nonexistent\/dir$/,
    );
    await refused([file, "--out", dir], /is a folder/);
    await refused(["--bogus", file], /^import: unknown option --bogus \(options: --force, --out VALUE, --help\)$/);
    await refused([file, "--force"], /^import: --force goes with --out FILE$/);
  });
});
