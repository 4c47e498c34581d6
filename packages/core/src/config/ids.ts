/** Source ids and topic slugs made from titles: `[a-z0-9-]{1,64}`, unique within a configuration. */
import transliterate from "@sindresorhus/transliterate";

/** The longest id or slug the configuration accepts. */
export const MAX_ID_LENGTH = 64;

/**
 * A title as an id: accents of Latin letters dropped (NFKD without combining marks: "Über" → "uber"), then letters with no
 * decomposition transliterated to Latin by `@sindresorhus/transliterate` (ß → ss, æ → ae, ø → o, ł → l, đ → d,
 * þ → th, œ → oe; Cyrillic and Greek too), lower case, every run of other characters one hyphen, no hyphen at
 * either end, at most 64 characters. Accents go first so that accented Latin keeps the ids it always had (the
 * library's own default writes "ü" as "ue"). Empty when nothing of `a-z0-9` is left (a title in Chinese).
 * @example slugify("Diplomacy Watch — Responsible Statecraft") // "diplomacy-watch-responsible-statecraft"
 * @example slugify("Über Straße") // "uber-strasse"
 */
export function slugify(title: string): string {
  // Marks off Latin letters only: a Cyrillic й or ё is a letter of its own, which the library writes as y or yo.
  const unaccented = title.normalize("NFKD").replace(/(\p{Script=Latin})\p{M}+/gu, "$1");
  return transliterate(unaccented)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_ID_LENGTH)
    .replace(/^-+|-+$/g, "");
}

/**
 * An id for a feed: its title slugified, else its host and path (`example-org-feeds-europe-rss`), else "feed".
 * @example feedId(null, "https://www.example.org/feeds/europe.rss") // "example-org-feeds-europe-rss"
 */
export function feedId(title: string | null | undefined, url: string): string {
  const fromTitle = title ? slugify(title) : "";
  if (fromTitle) return fromTitle;
  let fromUrl = "";
  try {
    const parsed = new URL(url);
    fromUrl = slugify(`${parsed.hostname.replace(/^www\./, "")}${parsed.pathname}`);
  } catch {
    fromUrl = slugify(url);
  }
  return fromUrl || "feed";
}

/**
 * Hands out ids that are unique among those it has given (and those it was told are taken): the second
 * "europe" becomes "europe-2", the third "europe-3", each cut so that it stays within 64 characters.
 * @example const ids = new UniqueIds(["all"]); ids.take("all") // "all-2"
 */
export class UniqueIds {
  readonly #taken: Set<string>;

  constructor(taken: Iterable<string> = []) {
    this.#taken = new Set(taken);
  }

  /** `wanted` if free, else `wanted-N` with the smallest N ≥ 2 that is; the result is taken from now on. */
  take(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.#taken.has(id); n++) {
      const suffix = `-${n}`;
      id = `${wanted.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
    }
    this.#taken.add(id);
    return id;
  }
}
