import { describe, expect, it } from "vitest";
import { feedId, slugify, UniqueIds } from "./ids.ts";
import { validateConfig } from "./index.ts";

describe("ids from titles", () => {
  it.each([
    ["Diplomacy Watch", "diplomacy-watch"],
    ["  Ünïcode — Café  ", "unicode-cafe"],
    ["QiOSK", "qiosk"],
    ["★ ☆", ""],
    ["a".repeat(80), "a".repeat(64)],
    [`${"a".repeat(63)} b`, "a".repeat(63)],
  ])("slugify(%j) is %j", (title, id) => {
    expect(slugify(title)).toBe(id);
  });

  it.each([
    // Letters with no decomposition are transliterated, never cut into hyphens.
    ["Über Straße", "uber-strasse"],
    ["Ærø", "aero"],
    ["Øresund", "oresund"],
    ["Łódź Wrocław", "lodz-wroclaw"],
    ["Đorđe", "dorde"],
    ["Þórshöfn", "thorshofn"],
    ["Œuvre cœur", "oeuvre-coeur"],
    ["Straẞe", "strasse"],
    // Other scripts the library writes in Latin, their own letters (й, ё) kept apart from accents.
    ["Новий Рік", "noviy-rik"],
    ["Ελληνικά νέα", "ellinika-nea"],
    // Scripts it has no Latin for leave nothing: the id then comes from the feed's URL.
    ["新闻", ""],
  ])("transliterates %j as %j", (title, id) => {
    expect(slugify(title)).toBe(id);
  });

  it.each([
    // Plain ASCII and accented Latin keep the ids they always had (accents dropped, never ü → ue).
    ["Responsible Statecraft — Diplomacy Watch", "responsible-statecraft-diplomacy-watch"],
    ["Café crème", "cafe-creme"],
    ["Ärger über Öl", "arger-uber-ol"],
    ["São Paulo, Ñandú", "sao-paulo-nandu"],
    ["Việt Nam", "viet-nam"],
    ["Ĳssel ﬁne ① ²", "ijssel-fine-1-2"],
    ["Zürich & Genève 2024!", "zurich-geneve-2024"],
  ])("keeps %j as %j", (title, id) => {
    expect(slugify(title)).toBe(id);
  });

  it("names a feed by its address when its title has no usable character", () => {
    expect(feedId("★", "https://www.example.org/feeds/europe.rss")).toBe("example-org-feeds-europe-rss");
    expect(feedId(null, "not a url")).toBe("not-a-url");
    expect(feedId(null, "★")).toBe("feed");
  });

  it("hands out unique ids within 64 characters that the configuration accepts", () => {
    const ids = new UniqueIds(["all"]);
    const long = "x".repeat(64);
    const taken = [ids.take("all"), ids.take("all"), ids.take(long), ids.take(long), ids.take("europe")];
    expect(taken.slice(0, 2)).toEqual(["all-2", "all-3"]);
    expect(taken[3]).toBe(`${"x".repeat(62)}-2`);
    expect(new Set(taken).size).toBe(taken.length);
    const sources = taken.map((id) => ({ id, url: `https://a.example/${id}` }));
    expect(() =>
      validateConfig({ title: "T", sources, topics: [{ slug: "t", title: "T", sources: ["*"] }] }),
    ).not.toThrow();
  });
});
