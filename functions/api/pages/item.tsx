import type { Item } from "@tributary/core/item";
import type { Publishers } from "@tributary/core/render";
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

/**
 * One item of a topic page: thumbnail, headline linking to the article, date, its publisher (the entry's, as the
 * feeds name it), author, the other sections it is in, and summary.
 */
export function ItemCard(props: { item: Item; sourceTitles: Record<string, string>; publishers: Publishers }) {
  const { item } = props;
  const href = safeHref(item.url);
  const publisher = props.publishers.of(item);
  const others = item.sources.filter((id) => id !== publisher?.id).map((id) => props.sourceTitles[id] ?? id);
  return (
    <article class={safeHref(item.imageUrl) ? "item with-thumb" : "item"}>
      <Thumbnail url={item.imageUrl} />
      <div>
        <h2>{href ? <a href={href}>{item.title ?? item.url}</a> : (item.title ?? "Untitled")}</h2>
        <p class="meta">
          <time datetime={item.publishedAt}>{showTime(item.publishedAt)}</time>
          {publisher ? (
            <>
              {" · "}
              <cite class="publisher">{publisher.title}</cite>
            </>
          ) : null}
          {item.author ? ` · ${item.author}` : null}
          {others.length > 0 ? ` · also in ${others.join(", ")}` : null}
        </p>
        {item.summary ? <p class="summary">{item.summary}</p> : null}
      </div>
    </article>
  );
}
