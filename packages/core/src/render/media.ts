/** An entry's image as Media RSS (https://www.rssboard.org/media-rss), the same in RSS 2.0 and Atom. */
import { el, type XmlElement } from "./xml.ts";

/** The Media RSS namespace, bound to the `media` prefix on the root element. */
export const MEDIA_NS = "http://search.yahoo.com/mrss/";

/**
 * `url` when it is an absolute http(s) URL (what a feed reader can load), else `null`; the value is kept as given.
 * @example imageUrl("https://example.org/a.jpg") // "https://example.org/a.jpg"; imageUrl("javascript:x") // null
 */
export function imageUrl(url: string | null | undefined): string | null {
  if (typeof url !== "string" || url.trim() !== url || url === "") return null;
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * The image's `<media:content url medium="image"/>` and `<media:thumbnail url/>` (Media RSS requires `url` on both
 * unless a player is given), or nothing when the item has no usable image.
 */
export function mediaImage(url: string | null | undefined): XmlElement[] {
  const image = imageUrl(url);
  if (image === null) return [];
  return [el("media:content", { url: image, medium: "image" }, []), el("media:thumbnail", { url: image }, [])];
}
