import { FEED_MEDIA_TYPES } from "@tributary/core/render";
import { FEED_FORMATS, type FeedFormat } from "@tributary/core/urls";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { PAGE_CSS } from "./style.ts";

/** A feed to announce with `<link rel="alternate">`. */
export interface Alternate {
  type: string;
  title: string;
  href: string;
}

/** What each feed format is called on the pages. */
const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

/** A topic's feeds, each with its media type (no parameters, as `type` attributes give it) and name. */
const FORMATS = FEED_FORMATS.map((key) => ({
  key,
  type: FEED_MEDIA_TYPES[key].split(";")[0] as string,
  name: FORMAT_NAMES[key],
}));

/** A topic's feed URLs, absolute. */
export type FeedLinks = Record<FeedFormat, string>;

/** Alternates of a topic: its RSS, Atom and JSON feeds. */
export function topicAlternates(title: string, links: FeedLinks): Alternate[] {
  return FORMATS.map(({ key, type, name }) => ({ type, title: `${title} (${name})`, href: links[key] }));
}

/** A topic's feeds and its JSON API as a list of links, `label` naming the list. */
export function FeedFormats(props: { label: string; links: FeedLinks; api: string }) {
  return (
    <ul class="formats" aria-label={props.label}>
      {FORMATS.map(({ key, type, name }) => (
        <li>
          <a href={props.links[key]} type={type}>
            {name}
          </a>
        </li>
      ))}
      <li>
        <a href={props.api} type="application/json">
          JSON API
        </a>
      </li>
    </ul>
  );
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
