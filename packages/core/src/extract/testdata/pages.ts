/** Web pages for the extraction tests: an article page with furniture around it, and pages that are no article. */

const SENTENCES = [
  "Diplomats from both sides met in Geneva on Tuesday to resume talks over a ceasefire along the front line.",
  "Officials said the negotiations would continue next week, although neither delegation described any progress.",
  "Analysts in Brussels warned that sanctions policy could shift after the election, with energy prices still high.",
  "The state department defended its approach to regional security, pointing to shipping lanes and oil supplies.",
  "Local residents near the nuclear plant described nights of shelling and long queues for water and bread.",
];

/** A paragraph of prose: the five sentences, starting with sentence `n`, prefixed with a marker word. */
export function paragraph(n: number): string {
  const words = Array.from({ length: 5 }, (_, i) => SENTENCES[(n + i) % SENTENCES.length]);
  return `Paragraph${n}: ${words.join(" ")}`;
}

/** The article's paragraphs as HTML. */
export function articleParagraphs(count = 6): string {
  return Array.from({ length: count }, (_, n) => `<p>${paragraph(n)}</p>`).join("\n");
}

/**
 * A news article page: header navigation, the article (`body` inserted after its second paragraph), share
 * buttons, a newsletter box, related links, comments, a cookie banner and a footer around it.
 */
export function articlePage(options: { body?: string; head?: string; title?: string } = {}): string {
  const title = options.title ?? "Talks in Geneva end without agreement";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | The Daily Example</title>${options.head ?? ""}</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/politics/">Politics</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<main>
<article>
<h1>${title}</h1>
<div class="share-buttons"><a href="https://twitter.com/share">Share on Twitter</a> <a href="https://facebook.com/share">Share on Facebook</a></div>
<div class="article-body">
<p>${paragraph(0)}</p>
<p>${paragraph(1)}</p>
${options.body ?? ""}
${Array.from({ length: 4 }, (_, n) => `<p>${paragraph(n + 2)}</p>`).join("\n")}
</div>
<div class="newsletter-signup"><h3>Get our morning briefing</h3><p>Sign up for the newsletter and never miss a story from our correspondents around the world, every morning.</p><form><input type="email"><button>Subscribe</button></form></div>
<section class="related-posts"><h3>Related stories</h3><ul><li><a href="/a">Sanctions debate heats up in parliament as ministers meet</a></li><li><a href="/b">Energy prices climb again across the continent this winter</a></li></ul></section>
</article>
<section id="comments"><h3>Comments</h3><div class="comment"><p>Commenter wrote: this is the worst reporting I have read all year, and I have read a great deal of it.</p></div></section>
</main>
<footer class="site-footer"><p>Copyright The Daily Example. All rights reserved. Privacy policy and terms of use apply.</p></footer>
</body></html>`;
}
