import type { Item } from "../../../packages/core/src/item.ts";
import { safeHref, showTime } from "./format.ts";
import { Layout, topicAlternates } from "./layout.tsx";

/** `/topics/:slug`: the topic's latest items with the sections each came from. */
export function TopicPage(props: {
  site: string;
  title: string;
  description: string | null;
  links: { rss: string; atom: string; json: string };
  items: Item[];
  sourceTitles: Record<string, string>;
  nextUrl: string | null;
  /** The first page, when this is a later one. */
  firstUrl: string | null;
}) {
  return (
    <Layout title={props.title} site={props.site} alternates={topicAlternates(props.title, props.links)}>
      <h1>{props.title}</h1>
      {props.description ? <p>{props.description}</p> : null}
      <ul class="formats" aria-label="Feeds of this topic">
        <li>
          <a href={props.links.rss}>RSS</a>
        </li>
        <li>
          <a href={props.links.atom}>Atom</a>
        </li>
        <li>
          <a href={props.links.json}>JSON Feed</a>
        </li>
      </ul>
      {props.items.length === 0 ? <p>No items yet.</p> : null}
      <ul class="items">
        {props.items.map((item) => (
          <li>
            <article>
              <h2>
                {safeHref(item.url) ? (
                  <a href={safeHref(item.url)}>{item.title ?? item.url}</a>
                ) : (
                  (item.title ?? "Untitled")
                )}
              </h2>
              <p class="meta">
                <time datetime={item.publishedAt}>{showTime(item.publishedAt)}</time>
                {item.sources.length > 0
                  ? ` · from ${item.sources.map((id) => props.sourceTitles[id] ?? id).join(", ")}`
                  : null}
                {item.author ? ` · ${item.author}` : null}
              </p>
              {item.summary ? <p class="summary">{item.summary}</p> : null}
            </article>
          </li>
        ))}
      </ul>
      {props.nextUrl || props.firstUrl ? (
        <nav class="pager" aria-label="Pages">
          {props.firstUrl ? <a href={props.firstUrl}>Newest items</a> : null}
          {props.nextUrl ? (
            <a href={props.nextUrl} rel="next">
              Older items
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
