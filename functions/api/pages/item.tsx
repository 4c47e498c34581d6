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
 * The other outlets that carried an entry's story (a story-grouped topic): each publisher's title linking to its
 * copy, with its headline; nothing for a story of one or outside a grouped list.
 */
function OtherOutlets(props: { item: Item }) {
  const others = props.item.story.others ?? [];
  if (others.length === 0) return null;
  const more = props.item.story.size - 1 - others.length;
  return (
    <div class="others">
      <p class="meta">Also reported by</p>
      <ul>
        {others.map((other) => {
          const href = safeHref(other.url);
          const name = other.sourceTitle ?? (href ? new URL(href).host : "another outlet");
          return (
            <li>
              {href ? <a href={href}>{name}</a> : name}
              {other.title ? `: ${other.title}` : null}
            </li>
          );
        })}
      </ul>
      {more > 0 ? <p class="meta">and {more} more</p> : null}
    </div>
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
        <OtherOutlets item={item} />
      </div>
    </article>
  );
}
