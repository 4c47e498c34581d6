import { describe, expect, it } from "vitest";
import { namesFurniture, removeFurniture } from "./furniture.ts";
import { parsePage } from "./page.ts";
import { articleParagraphs } from "./testdata/pages.ts";

describe("furniture", () => {
  it("is told by whole words of a class or id, not by what an element has or is filed under", () => {
    for (const name of [
      "share-buttons",
      "post_share_bar",
      "newsletter",
      "related-posts",
      "comments",
      "cookie-banner",
      "ad-slot",
      "adsbygoogle",
      "breadcrumb",
    ]) {
      expect({ name, furniture: namesFurniture(name) }).toEqual({ name, furniture: true });
    }
    for (const name of [
      "shareholders",
      "article-body",
      "no-share",
      "has-comments",
      "category-social-issues",
      "tag-advertising",
      "sharing-with-a-single-developer",
      "header",
      "read-more",
      "",
    ]) {
      expect({ name, furniture: namesFurniture(name) }).toEqual({ name, furniture: false });
    }
  });

  it("removes furniture blocks but never inline words, nor a block holding most of the page", () => {
    const { document } = parsePage(
      `<body><nav>Home World</nav><div class="share">Share this</div><aside>Most read</aside>
       <div class="live-comments">${articleParagraphs(5)}<div class="comment">One update</div></div>
       <p>A <a class="popup" href="/g">glossary</a> word and an <span class="ad">inline</span> span.</p>
       <form><label>Email</label><input name="e"></form><div hidden>Hidden</div><div role="dialog">Consent</div></body>`,
      "https://news.example/a",
    );
    removeFurniture(document);
    const text = document.body.textContent ?? "";
    for (const gone of ["Home World", "Share this", "Most read", "Email", "Hidden", "Consent"])
      expect(text).not.toContain(gone);
    expect(text).toContain("Paragraph4:");
    expect(text).toContain("One update");
    expect(text).toContain("A glossary word and an inline span.");
  });

  it("removes read-more lines and labelled links to other articles, not sentences that start alike", () => {
    const { document } = parsePage(
      `<body><div>${articleParagraphs(2)}
       <p><a href="#story-continues">Continue reading the main story</a></p>
       <p><em>Read more</em>: <a href="/other">Looted colonial art: a new contact office</a></p>
       <div class="teaser"><span><a href="/next">Weiterlesen</a></span></div>
       <p><strong>Lire aussi :</strong> <a href="/cnil">Les critiques de la CNIL</a></p>
       <p>Read <a href="/ad-blocking">more about ad blocking here</a>.</p>
       <p>Read more: the minister's statement, which <a href="/s">we publish</a> in full, ends the talks.</p>
       <p><strong>Lea tambi&eacute;n:&nbsp;<a href="/n">Impiden ingreso a un reportero</a></strong></p>
       <p>Continue reading this list of links only if you must.</p><p><a href="/m">Les merveilles</a></p></div></body>`,
      "https://news.example/a",
    );
    removeFurniture(document);
    const text = (document.body.textContent ?? "").replace(/\s+/g, " ");
    for (const gone of ["Continue reading the main story", "Looted colonial art", "Weiterlesen", "CNIL", "Impiden"])
      expect(text).not.toContain(gone);
    expect(text).toContain("Paragraph1:");
    expect(text).toContain("Read more about ad blocking here.");
    expect(text).toContain("Read more: the minister's statement, which we publish in full, ends the talks.");
    expect(text).toContain("Continue reading this list of links only if you must.");
    expect(text).toContain("Les merveilles");
  });
});
