import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "@tributary/core/config";
import { ConfigError } from "@tributary/core/errors";
import { describe, expect, it } from "vitest";
import { runScript, writeConfig } from "../helpers/cli.ts";

describe("npm run check", () => {
  it("accepts the default configuration", async () => {
    const result = await runScript("check.ts", [], { TRIBUTARY_CONFIG: undefined });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok: 7 sources, 4 topics/);
  });

  it("says one source and one topic as one", async () => {
    const file = writeConfig({
      title: "T",
      sources: [{ id: "a", url: "https://example.org/a.rss" }],
      topics: [{ slug: "a", title: "A", sources: ["a"] }],
    });
    const result = await runScript("check.ts", [], { TRIBUTARY_CONFIG: file });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("ok: 1 source, 1 topic\n");
  });

  it("accepts a full-text selector with CSS comments, and refuses one whose comment is never closed", async () => {
    const withSelector = (selector: string) =>
      writeConfig({
        title: "T",
        sources: [{ id: "a", url: "https://example.org/a.rss", fullText: { selector } }],
        topics: [{ slug: "a", title: "A", sources: ["a"] }],
      });
    const ok = await runScript("check.ts", [], { TRIBUTARY_CONFIG: withSelector("article /* body */ .content") });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    const unclosed = await runScript("check.ts", [], { TRIBUTARY_CONFIG: withSelector("article /* body .content") });
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toContain("sources[0].fullText.selector: must be a valid CSS selector");
  });

  it("exits 2 with one line per problem, naming its path", async () => {
    const file = writeConfig({
      title: "T",
      sources: [
        { id: "rs-europe", url: "https://example.org/europe.rss" },
        { id: "rs-europe", url: "file:///etc/passwd" },
      ],
      topics: [{ slug: "europe", title: "Europe", sources: ["rs-europ"] }],
      poll: { everyMinutes: 0 },
    });
    const result = await runScript("check.ts", [], { TRIBUTARY_CONFIG: file });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toContain('topics[0].sources[0]: unknown source "rs-europ"');
    expect(lines).toContain("sources[1].url: must be an http or https URL");
    expect(lines.some((line) => line.startsWith("poll.everyMinutes: "))).toBe(true);
    expect(result.stdout).toBe("");
  });

  it("refuses a source URL with a user name or password, naming the source, without printing the password", async () => {
    const file = writeConfig({
      title: "T",
      sources: [
        { id: "public", url: "https://example.org/a.rss" },
        { id: "private", url: "http://alice:hunter2@127.0.0.1:18432/feed.xml" },
      ],
      topics: [{ slug: "a", title: "A", sources: ["*"] }],
    });
    const result = await runScript("check.ts", [], { TRIBUTARY_CONFIG: file });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toContain(
      'sources[1].url: source "private" has a user name or password in its URL, which is shown publicly: ' +
        "put credentials in headers (e.g. an Authorization header)",
    );
    expect(result.stderr).not.toContain("hunter2");
  });

  it("names every interval bound a poll breaks, and takes a source polled less often than maxMinutes", async () => {
    const configOf = (poll: Record<string, unknown>) =>
      writeConfig({
        title: "T",
        sources: [
          { id: "daily", url: "https://example.org/daily.rss", everyMinutes: 1440 },
          { id: "busy", url: "https://example.org/busy.rss", everyMinutes: 2 },
        ],
        topics: [{ slug: "a", title: "A", sources: ["*"] }],
        poll,
      });
    const broken = await runScript("check.ts", [], {
      TRIBUTARY_CONFIG: configOf({ everyMinutes: 10, minMinutes: 400, maxMinutes: 360 }),
    });
    expect(broken.code).toBe(2);
    const lines = broken.stderr.trim().split("\n");
    expect(lines).toContain("poll.minMinutes: must be at most everyMinutes (10) and maxMinutes (360)");
    expect(lines.filter((line) => line.startsWith("poll."))).toHaveLength(1);
    const fixed = await runScript("check.ts", [], { TRIBUTARY_CONFIG: configOf({ minMinutes: 5, maxMinutes: 360 }) });
    expect(fixed.stderr).toBe("");
    expect(fixed.code).toBe(0);
  });

  // The command's exit 2 and one line per problem for any refused file are shown above; a file that is not JSON
  // is refused by the same loader with its reason.
  it("refuses a file that is not JSON, saying so", async () => {
    const file = writeConfig({});
    writeFileSync(file, "{ not json");
    await expect(loadConfig(file)).rejects.toThrow(ConfigError);
    await expect(loadConfig(file)).rejects.toThrow(/invalid JSON/);
  });

  it("names a configuration path that is a folder, or no file, in one line of its own words", async () => {
    const dir = path.dirname(writeConfig({}));
    const folder = path.join(dir, "conf");
    const jsonFolder = path.join(dir, "conf.json");
    mkdirSync(folder);
    mkdirSync(jsonFolder);
    const cases: [string, string][] = [
      [folder, "is a folder, not a configuration file (a .json file, or a module such as tributary.config.ts)"],
      [jsonFolder, "is a folder, not a configuration file (a .json file, or a module such as tributary.config.ts)"],
      [path.join(dir, "missing.ts"), "cannot load: no such file"],
      [path.join(dir, "missing.json"), "cannot read: no such file"],
    ];
    for (const [file, words] of cases) {
      const result = await runScript("check.ts", [], { TRIBUTARY_CONFIG: file });
      expect({ file, code: result.code, stderr: result.stderr }).toEqual({
        file,
        code: 2,
        stderr: `Invalid configuration (${file}):\n${file}: ${words}\n`,
      });
    }
  });
});
