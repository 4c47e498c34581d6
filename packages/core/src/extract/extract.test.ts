import { describe, expect, it } from "vitest";
import { extractArticle } from "./extract.ts";
import { articlePage, articleParagraphs, paragraph } from "./testdata/pages.ts";

const URL = "https://news.example/world/2025/talks-in-geneva";

function article(html: string, url = URL) {
  const found = extractArticle(html, url);
  if (!found.ok) throw new Error(`expected an article, got: ${found.reason.message}`);
  return found;
}

describe("extractArticle", () => {
  it("takes the article and leaves the furniture around it", () => {
    const found = article(articlePage());
    for (let n = 0; n < 6; n++) expect(found.contentHtml).toContain(`Paragraph${n}:`);
    for (const furniture of [
      "Share on Twitter",
      "morning briefing",
      "Related stories",
      "Commenter wrote",
      "cookies",
      "Copyright",
      "Politics",
    ]) {
      expect(found.contentHtml).not.toContain(furniture);
    }
    expect(found.title).toBe("Talks in Geneva end without agreement");
    expect(found.words).toBeGreaterThan(400);
  });

  it("stores nothing active from a hostile page", () => {
    const hostile = `
      <script>alert(1)</script><style>p { color: red }</style>
      <p onclick="steal()" onmouseover="steal()">Click <a href="javascript:steal()">here</a> and <a href=" JaVaScRiPt:steal()">there</a>
      or <a href="vbscript:x">this</a>. <img src="x.png" onerror="steal()"></p>
      <iframe src="https://evil.example/frame"></iframe>
      <form action="https://evil.example/post"><input name="q"><button formaction="javascript:x">Go</button></form>
      <meta http-equiv="refresh" content="0;url=javascript:steal()">
      <svg><script>alert(2)</script><a xlink:href="javascript:x"><text>svg text</text></a></svg>
      <object data="evil.swf"></object><embed src="evil.swf"><base href="https://evil.example/">
      <p style="background:url(javascript:x)">Styled paragraph with enough words to stay in the article text.</p>
      <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>`;
    const found = article(articlePage({ body: hostile }));
    const html = found.contentHtml;
    expect(html).toContain("Paragraph1:");
    expect(html).toContain("Styled paragraph");
    expect(html).not.toMatch(/<(?:script|style|iframe|form|input|button|meta|svg|object|embed|base|link)\b/i);
    expect(html).not.toMatch(/\son\w+\s*=/i);
    expect(html).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toContain("alert(");
  });

  it("makes every URL absolute, against the page or its <base href>", () => {
    const body = `<p>See <a href="../2024/earlier-talks">the earlier talks</a> and <img src="/img/geneva.jpg" alt="Geneva"> with
      <img src="photo.jpg" srcset="photo-2x.jpg 2x, /photo-3x.jpg 3x" alt="Photo"> for more of the story.</p>`;
    const html = article(articlePage({ body })).contentHtml;
    expect(html).toContain('href="https://news.example/world/2024/earlier-talks"');
    expect(html).toContain('src="https://news.example/img/geneva.jpg"');
    expect(html).toContain('src="https://news.example/world/2025/photo.jpg"');
    expect(html).toContain("https://news.example/world/2025/photo-2x.jpg 2x, https://news.example/photo-3x.jpg 3x");
    const based = article(articlePage({ body, head: '<base href="https://cdn.example/story/">' })).contentHtml;
    expect(based).toContain('href="https://cdn.example/2024/earlier-talks"');
    expect(based).toContain('src="https://cdn.example/story/photo.jpg"');
  });

  it("shows lazy-loaded images by their real address, and no tracking pixel", () => {
    const body = `<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/real-1.jpg" class="lazy" alt="One"></figure>
      <figure><img data-lazy-src="/img/real-2.jpg" alt="Two"></figure>
      <figure><img data-srcset="/img/real-3-small.jpg 400w, /img/real-3.jpg 1200w" alt="Three"></figure>
      <figure><img src="/img/spinner.gif" class="lazyload" alt="Four"><noscript><img src="/img/real-4.jpg" alt="Four"></noscript></figure>
      <p>${paragraph(7)}<img src="https://news.example/pixel.gif" width="1" height="1" alt=""></p>`;
    const found = article(articlePage({ body }));
    const html = found.contentHtml;
    for (const real of ["real-1.jpg", "real-2.jpg", "real-3.jpg", "real-4.jpg"]) {
      expect(html).toContain(`https://news.example/img/${real}`);
    }
    expect(html).not.toContain("data:image/gif");
    expect(html).not.toContain("spinner.gif");
    expect(html).not.toContain("pixel.gif");
    expect(found.imageUrl).toBe("https://news.example/img/real-1.jpg");
  });

  it("gives the page's declared image, made absolute, as imageUrl", () => {
    const head = '<meta property="og:image" content="/img/lead.jpg">';
    expect(article(articlePage({ head })).imageUrl).toBe("https://news.example/img/lead.jpg");
    expect(article(articlePage()).imageUrl).toBeNull();
  });

  it("takes the article from a selector's element when it names one", () => {
    const page = articlePage({ body: `<div class="box-out"><p>${paragraph(9)}</p></div>` });
    const found = extractArticle(page, URL, { selector: ".box-out" });
    expect(found.ok && found.contentHtml).toContain("Paragraph9:");
    expect(found.ok && found.contentHtml).not.toContain("Paragraph0:");
    for (const selector of [".missing", "[[invalid"]) {
      const fallback = extractArticle(page, URL, { selector });
      expect(fallback.ok && fallback.contentHtml).toContain("Paragraph0:");
    }
  });

  it("takes the same element by a selector with comments as by the selector without them", () => {
    const page = articlePage({ body: `<div class="box-out"><p>${paragraph(9)}</p></div>` });
    const cases: [string, string][] = [
      ["article /* the body */ .box-out", "article .box-out"],
      ["div/**/.box-out", "div.box-out"],
      ["/* lead */ .article-body > /* box */ .box-out", ".article-body > .box-out"],
      [".box-out /* unclosed", ".missing"],
      ["article/**/box-out", ".missing"],
    ];
    for (const [commented, plain] of cases) {
      expect(extractArticle(page, URL, { selector: commented }), commented).toEqual(
        extractArticle(page, URL, { selector: plain }),
      );
    }
    const boxed = extractArticle(page, URL, { selector: "article /* the body */ .box-out" });
    expect(boxed.ok && boxed.contentHtml).toContain("Paragraph9:");
    expect(boxed.ok && boxed.contentHtml).not.toContain("Paragraph0:");
    // A comment is no whitespace: `main/**/.box-out` is `main.box-out`, which names nothing here.
    const compound = extractArticle(page, URL, { selector: "main/**/.box-out" });
    expect(compound.ok && compound.contentHtml).toContain("Paragraph0:");
  });

  it("takes the letter, not the table of its signatories Readability prefers, abbreviations and all", () => {
    const names = (who: string) =>
      Array.from({ length: 60 }, (_, n) =>
        n % 3 === 0
          ? `<strong>${who} Number${n} Jr.</strong><br />`
          : `<strong>${who} Number${n}</strong>, <span>University of Place${n}</span><br />`,
      ).join("\n");
    const page = `<html><head><title>A letter</title></head><body><div class="content">${articleParagraphs(6)}
      <table><tbody><tr><td><span>${names("Signer")}</span></td><td><span>${names("Other")}</span></td></tr>
      <tr><td></td></tr></tbody></table></div></body></html>`;
    const found = article(page);
    for (let n = 0; n < 6; n++) expect(found.contentHtml).toContain(`Paragraph${n}:`);
  });

  it("refuses pages that are not an article, saying why", () => {
    const cases: [string, string, string][] = [
      [
        "error-page",
        URL,
        `<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1><p>Sorry, the page you are looking for does not exist. Try the search or go back to the home page.</p></body></html>`,
      ],
      [
        "cookie-wall",
        URL,
        `<html><head><title>Before you continue</title></head><body><div><h1>We value your privacy</h1><p>We and our partners use cookies and similar tracking technologies to store and access information on your device, for personalised advertising and content, measurement and audience insights. You can accept all cookies, reject them or manage your consent preferences and our vendors in the settings at any time.</p><p>By choosing accept, you consent to the use of cookies by us and our partners.</p></div></body></html>`,
      ],
      [
        "paywall",
        URL,
        `<html><head><title>Talks</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks","isAccessibleForFree":false}</script></head><body><article><h1>Talks</h1><p>${paragraph(0)}</p><p>Subscribe to continue reading this article.</p></article></body></html>`,
      ],
      [
        "home-page",
        "https://news.example/",
        `<html><head><title>The Daily Example</title></head><body><div>${Array.from({ length: 12 }, (_, n) => `<div><h2><a href="/story-${n}">Story number ${n} about the talks in Geneva and what comes next</a></h2><p>A short teaser of story ${n}.</p></div>`).join("")}</div></body></html>`,
      ],
      [
        "listing",
        "https://news.example/world/",
        `<html><head><title>World</title></head><body><div>${Array.from({ length: 15 }, (_, n) => `<p><a href="/world/story-${n}">World story number ${n}: diplomats meet again in Geneva for another round of talks</a> (${n} May)</p>`).join("")}</div></body></html>`,
      ],
      ["no-article", URL, "<html><head><title>Empty</title></head><body></body></html>"],
      [
        "too-short",
        URL,
        `<html><body><p>Just a few words here.</p>${"<aside>Read our other stories about the talks</aside>".repeat(4)}</body></html>`,
      ],
      ["too-short", URL, "<html><head><title>Talks</title></head><body><div>Loading…</div></body></html>"],
      [
        "too-short",
        URL,
        '<html><body><div id="app"><p>Please enable JavaScript to view this page.</p></div></body></html>',
      ],
    ];
    for (const [kind, url, html] of cases) {
      const found = extractArticle(html, url);
      expect({ kind, ok: found.ok }).toEqual({ kind, ok: false });
      if (!found.ok) {
        expect(found.reason.kind).toBe(kind);
        expect(found.reason.message).not.toBe("");
        expect(found.contentHtml).toBeNull();
      }
    }
  });

  it("gives a page with nothing but a few words as its article", () => {
    const found = article(
      "<html><head><title>Note</title></head><body><div>Lorem ipsum dolor sit amet.</div></body></html>",
    );
    expect(found.contentHtml).toContain("Lorem ipsum dolor sit amet.");
    expect(found.words).toBe(5);
  });

  it("keeps the feed's content when the page's article fails the full-text rule", () => {
    const page = articlePage();
    expect(extractArticle(page, URL, { feedText: "Diplomats from both sides met in Geneva on Tuesday." }).ok).toBe(
      true,
    );
    const other = extractArticle(page, URL, {
      feedSummary: "Volcanic eruption grounds flights across Iceland and Norway today.",
    });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.reason.kind).toBe("not-the-article");
  });

  it("never throws, whatever the input", () => {
    for (const input of ["", "plain text", "<", "<html>", "<<<>>>", "\u0000\u0001", "<body><p>".repeat(500)]) {
      expect(() => extractArticle(input, URL)).not.toThrow();
    }
  });
});
