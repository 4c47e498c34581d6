import { describe, expect, it } from "vitest";
import { extractArticle } from "./extract.ts";
import { visibleText } from "./furniture.ts";
import { decodePage, parsePage } from "./page.ts";
import { documentBeyondLimits, MAX_PAGE_DEPTH, MAX_PAGE_ELEMENTS, markupBeyondLimits, nonText } from "./page-limits.ts";
import { articlePage, articleParagraphs, paragraph } from "./testdata/pages.ts";

const URL = "https://news.example/world/2025/talks-in-geneva";

/** A page whose body holds `levels` nested divs around the article's paragraphs: html, body, the divs, each p. */
function nestedPage(levels: number, tag = "div"): string {
  return `<!DOCTYPE html><html><head><title>Talks</title></head><body>${`<${tag}>`.repeat(levels)}${articleParagraphs(3)}${`</${tag}>`.repeat(levels)}</body></html>`;
}

/** Bytes from a seeded linear congruential generator: the same "random" body on every run. */
function noise(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe("page limits", () => {
  it("reads a page nested to the limit and refuses one a level deeper, before parsing it", () => {
    // html (1), body (2), the divs, then each paragraph: MAX_PAGE_DEPTH - 3 divs put the paragraphs at the limit.
    const within = nestedPage(MAX_PAGE_DEPTH - 3);
    expect(markupBeyondLimits(within)).toBeNull();
    expect(documentBeyondLimits(parsePage(within, URL).document)).toBeNull();
    expect(extractArticle(within, URL)).toMatchObject({ ok: true });

    const deeper = nestedPage(MAX_PAGE_DEPTH - 2);
    const reason = { kind: "too-deep", message: `not an article: elements nested more than ${MAX_PAGE_DEPTH} deep` };
    expect(markupBeyondLimits(deeper)).toEqual(reason);
    expect(documentBeyondLimits(parsePage(deeper, URL).document)).toEqual(reason);
    expect(extractArticle(deeper, URL)).toEqual({
      ok: false,
      title: null,
      contentHtml: null,
      imageUrl: null,
      words: 0,
      reason,
    });
  });

  it("refuses a small page of thousands of nested elements, and one nested past any call stack", () => {
    // 3,000 levels are 34 KB, which cost Readability half a minute; 200,000 levels are 1.2 MB, within a page's bytes.
    for (const levels of [3_000, 200_000]) {
      const found = extractArticle(nestedPage(levels), URL);
      expect({ levels, ok: found.ok, reason: found.ok ? null : found.reason.kind }).toEqual({
        levels,
        ok: false,
        reason: "too-deep",
      });
    }
    // Elements closed by the next one nest nothing: 300 unclosed list items and 200 paragraphs are one level each.
    const flat = `<html><body><div><ul>${"<li>Talks in Geneva".repeat(300)}</ul>${`<p>${paragraph(0)}`.repeat(200)}</div></body></html>`;
    expect(markupBeyondLimits(flat)).toBeNull();
    expect(extractArticle(flat, URL).ok).toBe(true);
  });

  it("refuses a page with more elements than the limit", () => {
    const page = (count: number) =>
      `<html><head><title>Talks</title></head><body><article><p>${paragraph(0)}</p>${"<span></span>".repeat(count)}</article></body></html>`;
    // html, head, title, body, article, p: six elements besides the spans.
    expect(markupBeyondLimits(page(MAX_PAGE_ELEMENTS - 6))).toBeNull();
    expect(documentBeyondLimits(parsePage(page(MAX_PAGE_ELEMENTS - 6), URL).document)).toBeNull();
    const over = page(MAX_PAGE_ELEMENTS - 5);
    const reason = { kind: "too-many-elements", message: "not an article: more than 25,000 elements" };
    expect(markupBeyondLimits(over)).toEqual(reason);
    expect(documentBeyondLimits(parsePage(over, URL).document)).toEqual(reason);
    expect(extractArticle(over, URL)).toMatchObject({ ok: false, reason });
  });

  it("counts the tree as parsed: a template's content revealed, a deep template left unread", () => {
    const template = (...html: string[]) =>
      articlePage({ body: html.map((each) => `<script type="text/template">${each}</script>`).join("") });
    const deep = template(`${"<div>".repeat(5_000)}<p>${paragraph(9)}</p>${"</div>".repeat(5_000)}`);
    expect(markupBeyondLimits(deep)).toBeNull(); // a script's content is text to the markup
    const found = extractArticle(deep, URL);
    expect(found.ok).toBe(true);
    if (found.ok) expect(found.contentHtml).not.toContain("Paragraph9:");
    // Revealed, a template's elements count: two templates of 13,000 elements each are past the limit together.
    const half = `<p>${paragraph(9)}</p>${"<i></i>".repeat(12_999)}`;
    expect(markupBeyondLimits(half)).toBeNull();
    const many = template(half, half);
    expect(markupBeyondLimits(many)).toBeNull();
    expect(extractArticle(many, URL)).toMatchObject({ ok: false, reason: { kind: "too-many-elements" } });
  });

  it("reads a broken page as linkedom does when the standard's tree would pass the limits", () => {
    // Text before <html> sends the page through parse5, whose tree construction reopens the 100 formatting
    // elements the first paragraph left open in each of the 10,000 paragraphs after it: a million elements.
    const open = Array.from({ length: 100 }, (_, n) => `<b class="c${n}">`).join("");
    const html = `x<html><body><p>${open}Talks</p>${`<p>${paragraph(0)}</p>`.repeat(10_000)}</body></html>`;
    expect(markupBeyondLimits(html)).toBeNull();
    const { document } = parsePage(html, URL);
    expect(documentBeyondLimits(document)).toBeNull();
    expect(extractArticle(html, URL).ok).toBe(true);
    // Within the limits, the standard's tree is read: the unclosed <b> wraps the paragraph after it.
    const small = `x<html><body><p><b>Talks</p><p>${paragraph(1)}</p></body></html>`;
    expect(parsePage(small, URL).document.querySelector("p + p > b")?.textContent).toContain("Paragraph1:");
  });

  it("walks the visible text of a tree deeper than the call stack allows", () => {
    // linkedom builds it (in a few seconds); the walk visits each node once, without recursion.
    const { document } = parsePage(nestedPage(30_000, "span"), URL);
    expect(visibleText(document.body)).toContain("Paragraph2:");
  });

  it("refuses a body that is not text: binary data, NUL characters, controls or undecodable bytes", () => {
    // 200 KB of noise served as HTML: decoded as windows-1252 (not UTF-8, nothing declared), or as the UTF-8 it claims.
    for (const type of [null, "text/html; charset=utf-8"]) {
      const html = decodePage(noise(200_000), type);
      const found = extractArticle(html, URL);
      expect({ type, ok: found.ok, kind: found.ok ? null : found.reason.kind }).toEqual({
        type,
        ok: false,
        kind: "not-text",
      });
      if (!found.ok) expect(found.reason.message).toMatch(/^not an article: the page is not text \(/);
    }
    expect(nonText(`\u0000\u0000${articlePage()}`)).toEqual({
      kind: "not-text",
      message: "not an article: the page is not text (it holds NUL characters)",
    });
    const page = articlePage();
    const share = (count: number, char: string) => page + char.repeat(count);
    // 1% of the characters and no more is still text (a page with a few bad bytes); past it is not.
    expect(nonText(share(Math.floor(page.length / 99), "\ufffd"))).toBeNull();
    expect(nonText(share(Math.ceil(page.length / 90), "\ufffd"))).toMatchObject({ kind: "not-text" });
    expect(nonText(share(Math.ceil(page.length / 90), "\u0001"))).toMatchObject({ kind: "not-text" });
    expect(nonText(share(Math.ceil(page.length / 90), "\u0085"))).toMatchObject({ kind: "not-text" });
    // Whitespace controls are text; so is a page in any script.
    expect(nonText(share(page.length, "\t\n\r\f"))).toBeNull();
    expect(nonText("<p>Переговоры в Женеве — 日内瓦会谈 — محادثات جنيف</p>")).toBeNull();
  });
});
