import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { PAGE_CSS } from "./style.ts";

/** A feed to announce with `<link rel="alternate">`. */
export interface Alternate {
  type: string;
  title: string;
  href: string;
}

/** Alternates of a topic: its RSS, Atom and JSON feeds. */
export function topicAlternates(title: string, links: { rss: string; atom: string; json: string }): Alternate[] {
  return [
    { type: "application/rss+xml", title: `${title} (RSS)`, href: links.rss },
    { type: "application/atom+xml", title: `${title} (Atom)`, href: links.atom },
    { type: "application/feed+json", title: `${title} (JSON Feed)`, href: links.json },
  ];
}

/** The frame of every page: landmarks, navigation, feed autodiscovery and the inline stylesheet. */
export function Layout(props: { title: string; site: string; alternates?: Alternate[]; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title === props.site ? props.site : `${props.title} · ${props.site}`}</title>
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {(props.alternates ?? []).map((alt) => (
          <link rel="alternate" type={alt.type} title={alt.title} href={alt.href} />
        ))}
        <style>{raw(PAGE_CSS)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header>
          <p class="site">
            <a href="/">{props.site}</a>
          </p>
          <nav aria-label="Site">
            <ul>
              <li>
                <a href="/">Topics</a>
              </li>
              <li>
                <a href="/sources">Sources</a>
              </li>
              <li>
                <a href="/feeds.opml">OPML</a>
              </li>
              <li>
                <a href="/openapi.json">API</a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer>
          <p>Merged from the section feeds of the sites listed under Sources. Each article appears once.</p>
        </footer>
      </body>
    </html>
  );
}

/** A page as a complete HTML document. */
export async function renderPage(page: { toString(): string | Promise<string> }): Promise<string> {
  const html = await page.toString();
  return `<!doctype html>${html}`;
}
