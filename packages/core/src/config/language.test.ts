import { describe, expect, it } from "vitest";
import { topicLanguage } from "./language.ts";
import { languageTag } from "./language-tag.ts";
import { validateConfig } from "./validate.ts";

const base = {
  title: "Topics",
  sources: [
    { id: "a", url: "https://example.org/a.rss" },
    { id: "b", url: "https://example.org/b.rss" },
    { id: "c", url: "https://example.org/c.rss" },
  ],
  topics: [
    { slug: "ab", title: "AB", sources: ["a", "b"] },
    { slug: "all", title: "All", sources: ["*"] },
  ],
};

const states = (languages: Record<string, string | null | undefined>) =>
  new Map(Object.entries(languages).map(([id, language]) => [id, { language }]));

describe("languageTag", () => {
  it.each([
    ["en", "en"],
    ["EN-us", "en-US"],
    [" pt-br ", "pt-BR"],
    ["zh-hant-tw", "zh-Hant-TW"],
    ["de-CH-1996", "de-CH-1996"],
  ])("accepts %s as %s", (input, tag) => {
    expect(languageTag(input)).toBe(tag);
  });

  it.each(["", "english", "en_US", "en-", "xx", "und", "x-private", "i-klingon", "e n"])("refuses %j", (input) => {
    expect(languageTag(input)).toBeNull();
  });

  it("refuses what is not a string", () => {
    expect(languageTag(null)).toBeNull();
    expect(languageTag(undefined)).toBeNull();
  });
});

describe("the language option", () => {
  it("is optional, and stored as its canonical tag", () => {
    expect(validateConfig(base).language).toBeUndefined();
    expect(validateConfig({ ...base, language: "en-gb" }).language).toBe("en-GB");
  });

  it("refuses what is not a BCP 47 tag, naming the path", () => {
    expect(() => validateConfig({ ...base, language: "English" })).toThrow(/language: must be a BCP 47 language tag/);
    expect(() => validateConfig({ ...base, language: 7 })).toThrow(/language: /);
  });
});

describe("topicLanguage", () => {
  const config = validateConfig(base);

  it("is the configured language, whatever the sources declare", () => {
    const configured = validateConfig({ ...base, language: "fr" });
    expect(topicLanguage(configured, "ab", states({ a: "en", b: "en" }))).toBe("fr");
    expect(topicLanguage(configured, "ab", new Map())).toBe("fr");
  });

  it("is the language all of the topic's sources declare, compared as tags", () => {
    expect(topicLanguage(config, "ab", states({ a: "en", b: "en" }))).toBe("en");
    expect(topicLanguage(config, "ab", states({ a: "en-us", b: "EN-US", c: "de" }))).toBe("en-US");
  });

  it("is null when the sources disagree, one declares nothing or an invalid tag, or one was never read", () => {
    expect(topicLanguage(config, "ab", states({ a: "en", b: "de" }))).toBeNull();
    expect(topicLanguage(config, "ab", states({ a: "en", b: "en-GB" }))).toBeNull();
    expect(topicLanguage(config, "ab", states({ a: "en", b: null }))).toBeNull();
    expect(topicLanguage(config, "ab", states({ a: "en", b: undefined }))).toBeNull();
    expect(topicLanguage(config, "ab", states({ a: "English", b: "English" }))).toBeNull();
    expect(topicLanguage(config, "ab", states({ a: "en" }))).toBeNull();
  });

  it("counts every source of a wildcard topic, and knows no unknown topic", () => {
    expect(topicLanguage(config, "all", states({ a: "en", b: "en" }))).toBeNull();
    expect(topicLanguage(config, "all", states({ a: "en", b: "en", c: "en" }))).toBe("en");
    expect(topicLanguage(config, "nope", states({ a: "en", b: "en", c: "en" }))).toBeNull();
  });
});
