import { describe, expect, it } from "vitest";
import { parsePage } from "./page.ts";
import { proseContainer, proseCoverage, proseParagraphs, proseWords } from "./prose.ts";
import { articleParagraphs, paragraph } from "./testdata/pages.ts";

describe("prose", () => {
  const page = `<body>
    <div class="teasers">${[1, 2, 3].map((n) => `<div class="card"><p>${paragraph(n)}</p></div>`).join("")}</div>
    <div class="text">${articleParagraphs(4)}</div>
    <ul><li><a href="/a">A link that is long enough to be twelve words, but only a link.</a></li></ul>
    <p>Short caption.</p>
  </body>`;
  const { document } = parsePage(page, "https://news.example/a");
  const paragraphs = proseParagraphs(document.body);

  it("finds paragraphs of running text, not captions or links", () => {
    expect(paragraphs).toHaveLength(7);
    expect(paragraphs.every((p) => p.words > 80)).toBe(true);
  });

  it("takes the parent of the most sibling prose as the article's container, not a row of teaser cards", () => {
    const container = proseContainer(paragraphs);
    expect(container?.element.getAttribute("class")).toBe("text");
    expect(container?.paragraphs).toHaveLength(4);
    expect(proseContainer([])).toBeNull();
  });

  it("measures how much of the prose an extraction holds, whitespace aside", () => {
    const container = proseContainer(paragraphs);
    const held = container?.paragraphs ?? [];
    const text = held.map((p) => p.text.replaceAll(" ", "  ")).join("\n");
    expect(proseCoverage(held, text)).toBe(1);
    expect(proseCoverage(held, held[0]?.text ?? "")).toBeCloseTo(0.25, 1);
    expect(proseCoverage(held, "")).toBe(0);
    expect(proseCoverage([], "")).toBe(1);
  });

  it("counts the words of running text in HTML, not of short lines such as a list of names", () => {
    const prose = `<div>${paragraph(1)}<br>${paragraph(2)}</div>`;
    expect(proseWords(prose)).toBeGreaterThan(150);
    const names = Array.from({ length: 40 }, (_, n) => `<b>Name${n} Surname, Jr.</b>, University of Place<br>`).join(
      "",
    );
    expect(proseWords(`<td>${names}</td>`)).toBe(0);
    expect(proseWords(`<p>${paragraph(1)}</p>${names}`)).toBe(proseWords(`<p>${paragraph(1)}</p>`));
    expect(proseWords(null)).toBe(0);
  });
});
