import type { Item } from "@tributary/core/item";
import { safeHref, showTime } from "./format.ts";

/**
 * The item's image as a thumbnail: lazy, no referrer sent to the image's host, a fixed box so the text does not
 * jump. Decorative (`alt=""`): it illustrates the headline beside it, which a screen reader reads once.
 */
function Thumbnail(props: { url: string | null }) {
  const src = safeHref(props.url);
  if (!src) return null;
  return (
    <img
      class="thumb"
      src={src}
      alt=""
      width="112"
      height="75"
      loading="lazy"
      decoding="async"
      referrerpolicy="no-referrer"
    />
  );
}

/** One item of a topic page: thumbnail, headline linking to the article, date, sections, author and summary. */
export function ItemCard(props: { item: Item; sourceTitles: Record<string, string> }) {
  const { item } = props;
  const href = safeHref(item.url);
  return (
    <article class={safeHref(item.imageUrl) ? "item with-thumb" : "item"}>
      <Thumbnail url={item.imageUrl} />
      <div>
        <h2>{href ? <a href={href}>{item.title ?? item.url}</a> : (item.title ?? "Untitled")}</h2>
        <p class="meta">
          <time datetime={item.publishedAt}>{showTime(item.publishedAt)}</time>
          {item.sources.length > 0
            ? ` · from ${item.sources.map((id) => props.sourceTitles[id] ?? id).join(", ")}`
            : null}
          {item.author ? ` · ${item.author}` : null}
        </p>
        {item.summary ? <p class="summary">{item.summary}</p> : null}
      </div>
    </article>
  );
}
