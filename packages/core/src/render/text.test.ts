import { describe, expect, it } from "vitest";
import { bareItem, fullItem } from "../../../../tests/helpers/feed-samples.ts";
import { readAsHtml } from "../../../../tests/helpers/html-reading.ts";
import type { Item } from "../item.ts";
import { entryCategories } from "./categories.ts";
import { displayTitle, htmlText, nonBlank, textOrHtml } from "./text.ts";

function item(overrides: Partial<Item>): Item {
  return { ...bareItem, ...overrides };
}

describe("entryCategories", () => {
  it("lists the item's categories, then its sources' titles, skipping unknown sources", () => {
    const titles = { "bbc-business": "BBC Business", ft: "Financial Times" };
    expect(entryCategories({ ...fullItem, sources: ["ft", "gone", "bbc-business"] }, titles)).toEqual([
      "Economy",
      "Rates",
      "Financial Times",
      "BBC Business",
    ]);
  });

  it("trims, drops blanks and duplicates, keeps the first occurrence", () => {
    const categories = entryCategories(item({ categories: [" A ", "", "\u0001", "B", "A"], sources: ["s"] }), {
      s: "B",
    });
    expect(categories).toEqual(["A", "B"]);
  });

  it("never takes a title from the object prototype", () => {
    expect(entryCategories(item({ categories: [], sources: ["constructor", "__proto__", "toString"] }), {})).toEqual(
      [],
    );
  });
});

describe("displayTitle", () => {
  it("prefers the title, then the summary (shortened), then the URL", () => {
    expect(displayTitle(item({ title: "T", summary: "S", url: "https://u/" }))).toBe("T");
    expect(displayTitle(item({ title: " ", summary: " S ", url: "https://u/" }))).toBe("S");
    const long = displayTitle(item({ summary: "🦜".repeat(100) }));
    expect([...long]).toHaveLength(80);
    expect(long.endsWith("…")).toBe(true);
    expect(displayTitle(item({ title: "\u0000", url: "https://u/" }))).toBe("https://u/");
    expect(displayTitle(bareItem)).toBe("Untitled");
  });
});

describe("text helpers", () => {
  it("nonBlank treats whitespace and invalid characters as blank", () => {
    expect(nonBlank(null)).toBeNull();
    expect(nonBlank(" \t\n")).toBeNull();
    expect(nonBlank("\u0001\uD800")).toBeNull();
    expect(nonBlank(" x ")).toBe(" x ");
  });
});

describe("textOrHtml", () => {
  it.each([
    ["Tom & Jerry > cartoons", "Tom & Jerry > cartoons"],
    ["The <head> element", "The &lt;head> element"],
    ["5 < 6", "5 &lt; 6"],
    ["AT&T, Q&A, &copy 2024, &#60;, &lt;", "AT&amp;T, Q&amp;A, &amp;copy 2024, &amp;#60;, &amp;lt;"],
    ["<!-- c --> <?x?> </p>", "&lt;!-- c --> &lt;?x?> &lt;/p>"],
    ["nul\u0000 lone\uD800", "nul lone"],
  ])("%j → %j", (input, expected) => {
    expect(textOrHtml(input)).toBe(expected);
  });

  it("is HTML that shows exactly the words and holds no element", () => {
    const text = `<img src=x onerror=alert(1)>Title & <script>alert("x")</script> &amp; 5 < 6 &copy`;
    expect(readAsHtml(textOrHtml(text))).toEqual({ text, elements: [] });
  });
});

describe("htmlText", () => {
  it("escapes every &, < and >, so even a lenient HTML renderer shows the words", () => {
    expect(htmlText("Tom & Jerry <b> &copy \u0000")).toBe("Tom &amp; Jerry &lt;b&gt; &amp;copy ");
    const text = `<img src=x onerror=alert(1)>Title & <script>alert("x")</script> &amp; 5 < 6`;
    expect(readAsHtml(htmlText(text))).toEqual({ text, elements: [] });
  });
});
