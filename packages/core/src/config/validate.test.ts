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

/** `valid` with its first topic changed. */
const topic = (over: Record<string, unknown>) => ({ ...valid, topics: [{ ...valid.topics[0], ...over }] });
/** `valid` with its first source changed. */
const source = (over: Record<string, unknown>) => ({
  ...valid,
  sources: [{ ...valid.sources[0], ...over }, valid.sources[1]],
});

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
  it("takes a baseUrl with a path prefix, an @ in it included, and refuses credentials", () => {
    for (const baseUrl of [
      "https://feeds.example.org",
      "https://feeds.example.org/",
      "https://x.example/@team/feeds",
    ]) {
      expect(validateConfig({ ...valid, baseUrl }).baseUrl, baseUrl).toBe(baseUrl);
    }
    expect(problems({ ...valid, baseUrl: "https://u:p@x.example" })[0]).toMatch(/^baseUrl: .*without credentials/);
  });

  it("fills in the defaults", () => {
    const config = validateConfig(valid);
    expect(config.poll).toEqual({
      everyMinutes: 10,
      minMinutes: 5,
      maxMinutes: 360,
      adaptive: true,
      concurrency: 8,
      perHost: 2,
      timeoutMs: 15000,
      maxBytes: 5242880,
    });
    expect(config.retentionDays).toBe(90);
    expect(config.fullText).toBe("never");
    expect(config.topics[0]).toMatchObject({ match: ["title", "summary", "categories"], stories: true });
    expect(config.sources[0]).toEqual({ id: "a", url: "https://example.org/a.rss" });
  });

  it("keeps min and max intervals around everyMinutes when they are not given", () => {
    expect(validateConfig({ ...valid, poll: { everyMinutes: 2 } }).poll).toMatchObject({
      minMinutes: 2,
      maxMinutes: 360,
    });
    expect(validateConfig({ ...valid, poll: { everyMinutes: 720 } }).poll).toMatchObject({
      minMinutes: 5,
      maxMinutes: 720,
    });
  });

  it("reports every bound of minMinutes ≤ everyMinutes ≤ maxMinutes a poll breaks, on the field given", () => {
    const pollProblems = (poll: Record<string, unknown>) =>
      problems({ ...valid, poll }).filter((problem) => problem.startsWith("poll."));
    expect(pollProblems({ everyMinutes: 10, minMinutes: 400, maxMinutes: 360 })).toEqual([
      "poll.minMinutes: must be at most everyMinutes (10) and maxMinutes (360)",
    ]);
    expect(pollProblems({ everyMinutes: 10, minMinutes: 20, maxMinutes: 5 })).toEqual([
      "poll.minMinutes: must be at most everyMinutes (10) and maxMinutes (5)",
      "poll.maxMinutes: must be at least everyMinutes (10)",
    ]);
    // A bound left out is its default, and named so.
    expect(pollProblems({ minMinutes: 400 })).toEqual([
      "poll.minMinutes: must be at most everyMinutes (10 by default) and maxMinutes (360 by default)",
    ]);
    expect(pollProblems({ maxMinutes: 3 })).toEqual([
      "poll.maxMinutes: must be at least everyMinutes (10 by default) and minMinutes (5 by default)",
    ]);
    expect(pollProblems({ everyMinutes: 10, maxMinutes: 8 })).toEqual([
      "poll.maxMinutes: must be at least everyMinutes (10)",
    ]);
    expect(validateConfig({ ...valid, poll: { everyMinutes: 600, minMinutes: 400 } }).poll).toMatchObject({
      minMinutes: 400,
      maxMinutes: 600,
    });
    expect(validateConfig({ ...valid, poll: { everyMinutes: 2, maxMinutes: 3 } }).poll.minMinutes).toBe(2);
  });

  it("takes a source's own everyMinutes outside minMinutes–maxMinutes: a fixed interval does not adapt", () => {
    // Polled daily though adapted intervals stop at 6 hours; every 2 minutes though due sources are looked for
    // every 5 (README, "How often sources are polled").
    for (const everyMinutes of [1, 2, 400, 1440]) {
      const config = validateConfig({ ...source({ everyMinutes }), poll: { minMinutes: 5, maxMinutes: 360 } });
      expect(config.sources[0]?.everyMinutes).toBe(everyMinutes);
    }
  });

  it("takes the fields of sources and topics the contract names", () => {
    const config = validateConfig({
      ...valid,
      fullText: "auto",
      sources: [
        {
          id: "a",
          url: "https://example.org/a.rss",
          everyMinutes: 30,
          enabled: false,
          fullText: { selector: "article .body > p:first-child" },
          headers: { "User-Agent": "Tributary", Authorization: "Bearer x" },
        },
        { id: "b", url: "https://example.org/b.rss", fullText: "always" },
      ],
      topics: [
        {
          slug: "t",
          title: "T",
          sources: ["a"],
          include: ["ukrain*", '"peace talks"', "Kyiv's"],
          exclude: ["sponsored"],
          match: ["title", "content"],
          stories: false,
        },
      ],
      poll: { everyMinutes: 10, minMinutes: 1, maxMinutes: 1440, adaptive: false },
    });
    expect(config.fullText).toBe("auto");
    expect(config.sources[0]).toMatchObject({
      everyMinutes: 30,
      enabled: false,
      fullText: { selector: "article .body > p:first-child" },
    });
    expect(config.topics[0]).toMatchObject({
      include: ["ukrain*", '"peace talks"', "Kyiv's"],
      match: ["title", "content"],
      stories: false,
    });
    expect(config.poll).toMatchObject({ minMinutes: 1, maxMinutes: 1440, adaptive: false });
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

  it("accepts the CSS selectors sites' articles are found by", () => {
    for (const selector of [
      ".entry-content",
      "#main article.post",
      "[data-component='text-block'] > p",
      'a[href^="https://"]',
      "div:not(.ad, .promo) > p",
      "main >article",
      "article:has(> h1) .body",
      ":is(article, main) .story-body",
      "p:nth-child(2n+1)",
      "  .body  ",
      "div:contains(Geneva)",
    ]) {
      const config = validateConfig(source({ fullText: { selector } }));
      expect(config.sources[0]?.fullText).toEqual({ selector });
    }
  });

  it("accepts a selector with comments where CSS allows them, keeping it as written", () => {
    for (const selector of [
      "article /* body */ .content",
      "article/**/.content",
      "/* the story */ main > article",
      "div:not(/* ads */ .ad) > p",
      "article /* c1 */ > /* c2 */ p",
      '[data-note="/* not a comment"]',
    ]) {
      const config = validateConfig(source({ fullText: { selector } }));
      expect(config.sources[0]?.fullText).toEqual({ selector });
    }
    expect(validateConfig({ ...valid, fullText: { selector: ".body /* lead */" } }).fullText).toEqual({
      selector: ".body /* lead */",
    });
  });

  it("refuses a selector whose comments leave no selector, or none that means the same", () => {
    for (const selector of ["/* nothing */", "article /* body", "a/**/b", "article /* body */ >", "div /**/ <"]) {
      expect({ selector, problems: problems(source({ fullText: { selector } })) }).toEqual({
        selector,
        problems: ["sources[0].fullText.selector: must be a valid CSS selector"],
      });
    }
  });

  it("refuses a selector the CSS grammar does not allow, though css-select compiles it", () => {
    // No trailing or doubled combinator, no "<": css-select reads "article >" as "article".
    for (const selector of ["article >", "div +", "div ~", "<div>", "div > > p", "div,", "main article.post <"]) {
      expect({ selector, problems: problems(source({ fullText: { selector } })) }).toEqual({
        selector,
        problems: ["sources[0].fullText.selector: must be a valid CSS selector"],
      });
    }
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
    [topic({ include: ["kyiv", ""] }), "topics[0].include[1]: must not be empty"],
    [topic({ include: ["  "] }), "topics[0].include[0]: must not be empty"],
    [topic({ exclude: ["*"] }), 'topics[0].exclude[0]: must not be only "*"'],
    [topic({ exclude: ['"*"'] }), 'topics[0].exclude[0]: must not be only "*"'],
    [topic({ include: ["?!"] }), 'topics[0].include[0]: has no word to match (only punctuation or symbols): "?!"'],
    [topic({ match: ["title", "body"] }), "topics[0].match[1]: must be one of title, summary, categories, content"],
    [topic({ match: [] }), "topics[0].match: must name at least one field"],
    [topic({ match: ["title", "title"] }), "topics[0].match: must not name a field twice"],
    [topic({ stories: "yes" }), "topics[0].stories: Invalid input: expected boolean, received string"],
    [source({ everyMinutes: 0 }), "sources[0].everyMinutes: Too small: expected number to be >=1"],
    [source({ everyMinutes: 1441 }), "sources[0].everyMinutes: Too big: expected number to be <=1440"],
    [source({ everyMinutes: 2.5 }), "sources[0].everyMinutes: Invalid input: expected int, received number"],
    [source({ enabled: "no" }), "sources[0].enabled: Invalid input: expected boolean, received string"],
    [
      source({ fullText: "sometimes" }),
      'sources[0].fullText: must be "never", "auto", "always" or { "selector": "<CSS selector>" }',
    ],
    [source({ fullText: { selector: "article[" } }), "sources[0].fullText.selector: must be a valid CSS selector"],
    [source({ fullText: { selector: "p:bogus" } }), "sources[0].fullText.selector: must be a valid CSS selector"],
    [source({ fullText: { selector: " " } }), "sources[0].fullText.selector: must be a valid CSS selector"],
    [{ ...valid, fullText: { selector: "::" } }, "fullText.selector: must be a valid CSS selector"],
    [source({ headers: { host: "x.org" } }), "sources[0].headers.host: may not be set: host is written by the fetcher"],
    [
      source({ headers: { "If-None-Match": "x" } }),
      "sources[0].headers.If-None-Match: may not be set: If-None-Match is written by the fetcher",
    ],
    [source({ headers: { "Bad Name": "x" } }), "sources[0].headers.Bad Name: is not a valid header name"],
    [
      source({ headers: { "X-A": "a\r\nHost: evil" } }),
      "sources[0].headers.X-A: must be one line of visible characters",
    ],
    [{ ...valid, poll: { everyMinutes: 10, minMinutes: 20 } }, "poll.minMinutes: must be at most everyMinutes (10)"],
    [{ ...valid, poll: { everyMinutes: 10, maxMinutes: 5 } }, "poll.maxMinutes: must be at least everyMinutes (10)"],
    [{ ...valid, poll: { maxMinutes: 2000 } }, "poll.maxMinutes: Too big: expected number to be <=1440"],
    [{ ...valid, poll: { minMinutes: 0 } }, "poll.minMinutes: Too small: expected number to be >=1"],
    [{ ...valid, poll: { adaptive: 1 } }, "poll.adaptive: Invalid input: expected boolean, received number"],
    [
      { ...valid, sources: [...valid.sources, { id: "c", url: "HTTPS://Example.ORG:443/a.rss#latest" }] },
      'sources[2].url: the same feed as sources[0] ("a")',
    ],
    [
      { ...valid, sources: [...valid.sources, { id: "c", url: "https://example.org/b.rss" }] },
      'sources[2].url: the same feed as sources[1] ("b")',
    ],
  ])("rejects %#", (input, expected) => {
    expect(problems(input)).toContain(expected);
  });

  it("accepts feeds that differ in path, query or port", () => {
    const urls = ["https://example.org/a.rss?x=1", "https://example.org:8443/a.rss", "https://example.org/A.rss"];
    const sources = [...valid.sources, ...urls.map((url, n) => ({ id: `s${n}`, url }))];
    expect(validateConfig({ ...valid, sources }).sources).toHaveLength(5);
  });

  it("refuses a source URL with a user name or password, naming the source and never the password", () => {
    const advice = "put credentials in headers (e.g. an Authorization header)";
    for (const url of [
      "http://alice:hunter2@127.0.0.1:18432/feed.xml",
      "https://alice@example.org/feed.xml",
      "https://:hunter2@example.org/feed.xml",
      "HTTPS://alice:hunter2@Example.org/feed.xml",
    ]) {
      const list = problems(source({ url }));
      expect(list, url).toEqual([
        `sources[0].url: source "a" has a user name or password in its URL, which is shown publicly: ${advice}`,
      ]);
      expect(list.join("\n")).not.toContain("hunter2");
    }
    // Named by its position when its id is itself a problem; other problems of the source are reported alongside.
    const list = problems(source({ id: "Bad Id", url: "https://bob:pw2@example.org/feed.xml", title: "" }));
    expect(list).toContain(
      `sources[0].url: has a user name or password in its URL, which is shown publicly: ${advice}`,
    );
    expect(list).toContain("sources[0].title: must not be empty");
    expect(list.join("\n")).not.toContain("pw2");
    // An @ in the path or query is not a user name.
    expect(validateConfig(source({ url: "https://example.org/@team/feed.xml?by=a@b" })).sources[0]?.url).toBe(
      "https://example.org/@team/feed.xml?by=a@b",
    );
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
