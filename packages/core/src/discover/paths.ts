/** Where the big publishing platforms put their feeds, for pages that announce none. */

/**
 * Feed URLs to try for a page, in two groups: those of the page's own section (tried first; empty for a
 * site's home page) and those of the whole site. Section feeds: WordPress `…/category/x/feed/`, Ghost
 * `…/tag/x/rss/`, RebelMouse `/feeds/tag/x.rss`, Hugo `…/x/index.xml`. Site feeds: WordPress and Substack
 * `/feed/`, Ghost `/rss/`, RebelMouse `/feeds/feed.rss`, Jekyll `/feed.xml`, `/atom.xml`, Hugo `/index.xml`,
 * `/rss.xml`, Blogger `/feeds/posts/default`, Squarespace `/?format=rss`, `/feed.json`.
 * @example commonFeedUrls("https://a.org/tag/europe/").section[0] // "https://a.org/tag/europe/feed/"
 */
export function commonFeedUrls(pageUrl: string): { section: string[]; site: string[] } {
  const page = new URL(pageUrl);
  const origin = page.origin;
  const path = page.pathname.replace(/\/+$/, "").replace(/\.(html?|php|aspx?)$/i, "");
  const section =
    path === ""
      ? []
      : [`${path}/feed/`, `${path}/rss/`, `/feeds${path}.rss`, `${path}.rss`, `${path}/index.xml`, `${path}/feed.xml`];
  const site = [
    "/feed/",
    "/rss/",
    "/feeds/feed.rss",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/rss.xml",
    "/feeds/posts/default",
    "/?format=rss",
    "/feed.json",
  ];
  const absolute = (paths: string[]) => [...new Set(paths.map((p) => `${origin}${p}`))];
  return { section: absolute(section), site: absolute(site) };
}
