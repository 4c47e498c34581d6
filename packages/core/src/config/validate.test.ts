import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { retentionCutoff } from "./retention.ts";
import { topicSourceIds, validateConfig } from "./validate.ts";

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
};

function problems(input: unknown): string[] {
  try {
    validateConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error("expected a ConfigError");
}

describe("validateConfig", () => {
  it("fills in the defaults", () => {
    const config = validateConfig(valid);
    expect(config.poll).toEqual({ everyMinutes: 10, concurrency: 8, perHost: 2, timeoutMs: 15000, maxBytes: 5242880 });
    expect(config.retentionDays).toBe(90);
  });

  it("reads source titles as plain text (markup goes, active tags with it, words stay); others as written", () => {
    const config = validateConfig({
      ...valid,
      title: " My <b>topics</b> ",
      sources: [{ id: "a", url: "https://example.org/a.rss", title: "<script>alert(1)</script>Café &amp; co" }],
      topics: [{ slug: "t", title: "Europe <i>now</i>", sources: ["a"] }],
    });
    expect(config.title).toBe("My <b>topics</b>");
    expect(config.sources[0]?.title).toBe("Café & co");
    expect(config.topics[0]?.title).toBe("Europe <i>now</i>");
    expect(
      problems({ ...valid, sources: [{ ...valid.sources[0], title: "<script>x</script>" }, valid.sources[1]] }),
    ).toEqual(["sources[0].title: must not be empty"]);
  });

  it("expands the wildcard", () => {
    expect(topicSourceIds(validateConfig(valid), "all")).toEqual(["a", "b"]);
    expect(topicSourceIds(validateConfig(valid), "t")).toEqual(["a", "b"]);
  });

  it.each([
    [
      { ...valid, topics: [{ slug: "t", title: "T", sources: ["a", "rs-europ"] }] },
      'topics[0].sources[1]: unknown source "rs-europ"',
    ],
    [
      { ...valid, sources: [...valid.sources, { id: "a", url: "https://x.org/" }] },
      'sources[2].id: duplicate source id "a"',
    ],
    [{ ...valid, sources: [{ id: "a", url: "ftp://example.org/a" }] }, "sources[0].url: must be an http or https URL"],
    [{ ...valid, sources: [{ id: "A b", url: "https://example.org/a" }] }, "sources[0].id: must match [a-z0-9-]{1,64}"],
    [{ ...valid, poll: { concurrency: 0 } }, "poll.concurrency: Too small: expected number to be >=1"],
    [{ ...valid, retentionDays: "ninety" }, "retentionDays: Invalid input: expected number, received string"],
    [{ ...valid, title: undefined }, "title: is required"],
    [{ ...valid, topics: [] }, "topics: must list at least one topic"],
    [{ ...valid, extra: 1 }, '(root): unknown field "extra"'],
    [
      { ...valid, topics: [...valid.topics, { slug: "t", title: "Again", sources: ["a"] }] },
      'topics[2].slug: duplicate topic slug "t"',
    ],
  ])("rejects %#", (input, expected) => {
    expect(problems(input)).toContain(expected);
  });

  it("reports every problem at once", () => {
    const list = problems({
      title: "",
      sources: [{ id: "a", url: "nope" }],
      topics: [{ slug: "T", title: "x", sources: [] }],
    });
    expect(list.length).toBeGreaterThanOrEqual(4);
  });
});

describe("retentionCutoff", () => {
  it("is retentionDays before now, in ISO 8601 UTC", () => {
    expect(retentionCutoff({ retentionDays: 90 }, new Date("2026-04-01T00:00:00Z"))).toBe("2026-01-01T00:00:00.000Z");
    expect(retentionCutoff({ retentionDays: 1 }, new Date("2026-03-01T12:30:00.250Z"))).toBe(
      "2026-02-28T12:30:00.250Z",
    );
  });
});
