import type { Item } from "@tributary/core/item";
import type { Publishers } from "@tributary/core/render";
import type { TopicUrls } from "@tributary/core/urls";
import { showTime } from "./format.ts";
import { ItemCard } from "./item.tsx";
import { FeedFormats, Layout, topicAlternates } from "./layout.tsx";

/** What a topic page shows. URLs are absolute and built from the parsed parameters. */
export interface TopicPageProps {
  site: string;
  title: string;
  description: string | null;
  links: TopicUrls;
  /** The JSON API's answer for the same items. */
  apiUrl: string;
  items: Item[];
  sourceTitles: Record<string, string>;
  /** The topic's sources its items came from, in configuration order: each item shows its publisher. */
  publishers: Publishers;
  nextUrl: string | null;
  /** The first page, when this is a later one. */
  firstUrl: string | null;
  /** The search term (`q`), when searching. */
  q: string | null;
  /** Whether `q`, `since`, `filter` or `filterout` narrow the list. */
  narrowed: boolean;
  /** On an empty page: when the topic's sources were last fetched (null: never). Undefined when not empty. */
  checkedAt?: string | null;
}

/** A GET form for `q`, the API's search: case-insensitive substring of title or summary. */
function SearchForm(props: { action: string; q: string | null; title: string }) {
  return (
    <search class="search">
      <form method="get" action={props.action}>
        <label for="q">Search {props.title}</label>
        <div>
          <input id="q" name="q" type="search" value={props.q ?? ""} maxlength={200} autocomplete="off" />
          <button type="submit">Search</button>
        </div>
      </form>
    </search>
  );
}

/** An empty page: why, and where to look next. */
function Empty(props: {
  narrowed: boolean;
  later: boolean;
  home: string;
  checkedAt: string | null | undefined;
  /** The next page, when the list goes on: a search by terms looks through a stretch of the list a page. */
  nextUrl: string | null;
}) {
  if (props.nextUrl) {
    return (
      <p class="empty">
        Nothing matches among the items this page looked through; <a href={props.nextUrl}>older items</a> may.
      </p>
    );
  }
  if (props.later) {
    return (
      <p class="empty">
        No older items. <a href={props.home}>Newest items</a>
      </p>
    );
  }
  if (props.narrowed) {
    return (
      <p class="empty">
        No items match. <a href={props.home}>Show every item</a>.
      </p>
    );
  }
  return (
    <div class="empty">
      <p>No items yet.</p>
      <p>
        {props.checkedAt ? (
          <>
            Its sources were last checked <time datetime={props.checkedAt}>{showTime(props.checkedAt)}</time>.
          </>
        ) : (
          "Its sources have never been fetched yet."
        )}{" "}
        See <a href="/sources">the health of the sources</a>.
      </p>
    </div>
  );
}

/** `/topics/:slug`: the topic's latest items with the sections each came from, a search box and paging. */
export function TopicPage(props: TopicPageProps) {
  return (
    <Layout title={props.title} site={props.site} alternates={topicAlternates(props.title, props.links)}>
      <h1>{props.title}</h1>
      {props.description ? <p>{props.description}</p> : null}
      <FeedFormats label="Feeds of this topic" links={props.links} api={props.apiUrl} />
      {props.items.length > 0 || props.narrowed ? (
        <SearchForm action={props.links.html} q={props.q} title={props.title} />
      ) : null}
      {props.q ? (
        <p class="meta" role="status">
          Items whose title or summary contains “{props.q}”. <a href={props.links.html}>Clear the search</a>
        </p>
      ) : null}
      {props.items.length === 0 ? (
        <Empty
          narrowed={props.narrowed}
          later={props.firstUrl !== null}
          home={props.firstUrl ?? props.links.html}
          checkedAt={props.checkedAt}
          nextUrl={props.nextUrl}
        />
      ) : (
        <ul class="items">
          {props.items.map((item) => (
            <li>
              <ItemCard item={item} sourceTitles={props.sourceTitles} publishers={props.publishers} />
            </li>
          ))}
        </ul>
      )}
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
