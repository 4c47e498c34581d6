/**
 * The image rule of content, for feed content and article pages alike: a lazy-loaded image counts by its real
 * address, not its placeholder; a tracking pixel is never an image. Written over attribute records, so the content
 * sanitizer (htmlparser2's attributes) and an article extractor (a DOM element's attributes) apply the same rule.
 */
import { parseSrcset } from "./html-urls.ts";
import { absoluteUrl } from "./url.ts";

/**
 * Attributes where lazy loaders keep an image's real address, most specific first: `data-lazy-src` (WP Rocket,
 * a3 Lazy Load), `data-src` (lazysizes, lozad, Jetpack), `data-original` (jQuery Lazy Load).
 */
const LAZY_SRC = ["data-lazy-src", "data-src", "data-original"] as const;
/** Attributes where lazy loaders keep the real `srcset`. */
const LAZY_SRCSET = ["data-lazy-srcset", "data-srcset"] as const;
/** Attributes where lazy loaders keep the real `sizes` (lazysizes' `auto` is no size list: it is left out). */
const LAZY_SIZES = ["data-lazy-sizes", "data-sizes"] as const;

/** A class a lazy loader marks its images with (`lazy`, `lazyload`, `lazyloaded`, `b-lazy`, `js-lazy-image`…). */
const LAZY_CLASS = /(?:^|[\s_-])lazy/i;

/**
 * The file names lazy loaders show while the image loads: spinners, blanks, spacers, "placeholder"s, of a
 * small image format. Such an address is never an image's real one.
 */
const PLACEHOLDER_FILE =
  /(?:^|[/_.-])(?:spinner|loader|loading|placeholder|lazy|blank|spacer|transparent|trans|pixel|grey|gray|1x1)(?:[-_.]?(?:\d+(?:x\d+)?|trans(?:parent)?|anim(?:ated)?|placeholder|image|img|white|grey|gray|load))*\.(?:gif|svg|png)$/i;

/**
 * Known beacon addresses: images that count views, never show anything. Kept short, each a host and a path
 * prefix:
 * - `pixel.wp.com`, `stats.wordpress.com`: WordPress.com and Jetpack statistics (`/b.gif`, `/g.gif`);
 * - `feeds.feedburner.com/~r/`: FeedBurner's view counter of an item (`/~r/<feed>/~4/<id>`);
 * - `www.google-analytics.com`, `google-analytics.com`: Google Analytics (`/collect`, `/__utm.gif`);
 * - `www.facebook.com/tr`: the Meta pixel;
 * - `pixel.quantserve.com`: Quantcast;
 * - `sb.scorecardresearch.com`, `b.scorecardresearch.com`: comScore;
 * - `medium.com/_/stat`: Medium's read counter.
 */
const BEACONS: readonly (readonly [host: string, pathPrefix: string])[] = [
  ["pixel.wp.com", "/"],
  ["stats.wordpress.com", "/"],
  ["feeds.feedburner.com", "/~r/"],
  ["www.google-analytics.com", "/"],
  ["google-analytics.com", "/"],
  ["www.facebook.com", "/tr"],
  ["pixel.quantserve.com", "/"],
  ["sb.scorecardresearch.com", "/"],
  ["b.scorecardresearch.com", "/"],
  ["medium.com", "/_/stat"],
];

/** A declared size of at most one pixel: `0`, `1`, `1px`, `0.5`… */
const AT_MOST_ONE_PIXEL = /^\s*(?:0+(?:\.\d*)?|0*\.\d+|0*1(?:\.0*)?)\s*(?:px)?\s*$/i;

/** What reading an image element's attributes gives. */
export interface RealImage {
  /**
   * The element's attributes with its real address in `src` and `srcset` (the lazy loader's attributes removed,
   * a placeholder `src` dropped); null when the element shows no image: only a placeholder, or a tracking pixel.
   * URLs are as written (relative ones stay relative).
   */
  attribs: Record<string, string> | null;
  /** Whether the element shows a real address (`src` or `srcset` that is no placeholder and no `data:` URL). */
  real: boolean;
}

/**
 * Reads an `img` (or a `source` of a `picture`) by its real address: `data-lazy-src`, `data-src` or
 * `data-original` becomes `src`, `data-lazy-srcset` or `data-srcset` becomes `srcset` (and `data-sizes` `sizes`),
 * so an image known only through `data-srcset` is kept. A `src` that is a placeholder goes: a lazy loader's file
 * (spinner, blank, spacer… `.gif`/`.svg`/`.png`), or a `data:` URL on an element a lazy loader marks (lazy
 * attributes, a `lazy…` class). A tracking pixel (`isTrackingPixel`) gives null attributes: it is dropped. Other
 * elements' attributes are returned as they are. Pure: `attribs` is not changed.
 * Follows the W3C HTML `img`/`srcset` attributes; the lazy loaders' attribute names are their own conventions.
 * @example realImage("img", { src: "data:image/gif;base64,R0lGOD…", "data-src": "/a.jpg" })
 * // { attribs: { src: "/a.jpg" }, real: true }
 */
export function realImage(tag: string, attribs: Readonly<Record<string, string>>): RealImage {
  if (tag !== "img" && tag !== "source") return { attribs: { ...attribs }, real: false };
  const out: Record<string, string> = {};
  let lazySrc: string | undefined;
  let lazySrcset: string | undefined;
  let lazySizes: string | undefined;
  let lazy = LAZY_CLASS.test(attribs.class ?? "");
  for (const [name, value] of Object.entries(attribs)) {
    const lower = name.toLowerCase();
    if (isOneOf(LAZY_SRC, lower) || isOneOf(LAZY_SRCSET, lower) || isOneOf(LAZY_SIZES, lower)) lazy = true;
    else out[name] = value;
  }
  for (const name of LAZY_SRC) lazySrc ??= usable(attribs[name]);
  for (const name of LAZY_SRCSET) lazySrcset ??= usable(attribs[name]);
  for (const name of LAZY_SIZES) lazySizes ??= attribs[name]?.trim() === "auto" ? undefined : usable(attribs[name]);
  if (lazySrc !== undefined) out.src = lazySrc;
  if (lazySrcset !== undefined) out.srcset = lazySrcset;
  if (lazySizes !== undefined) out.sizes = lazySizes;
  const placeholder = (url: string) => isPlaceholder(url) || (lazy && isDataUrl(url));
  if (out.src !== undefined && placeholder(out.src)) delete out.src;
  const srcset = out.srcset?.trim();
  if (srcset !== undefined && srcset !== "" && srcsetUrls(srcset).every(placeholder)) delete out.srcset;
  if (tag === "img" && isTrackingPixel(out)) return { attribs: null, real: false };
  const shown = [out.src?.trim() ?? "", ...srcsetUrls(out.srcset ?? "")].filter((url) => url !== "");
  const real = shown.some((url) => !isDataUrl(url));
  if (tag === "img" && shown.length === 0) return { attribs: null, real: false };
  return { attribs: out, real };
}

/**
 * Whether an image is a tracking pixel: declared at most 1×1 (`width` and `height` attributes, or the same in
 * its `style`), or its `src` (absolute, or protocol-relative) at a known beacon (`BEACONS`: WordPress.com stats,
 * FeedBurner's counter, Google Analytics, the Meta pixel, Quantcast, comScore, Medium's stat).
 * @example isTrackingPixel({ src: "https://pixel.wp.com/b.gif?v=1", width: "1", height: "1" }) // true
 */
export function isTrackingPixel(attribs: Readonly<Record<string, string | undefined>>): boolean {
  const style = attribs.style ?? "";
  const width = attribs.width ?? /(?:^|;)\s*width\s*:\s*([^;]+)/i.exec(style)?.[1];
  const height = attribs.height ?? /(?:^|;)\s*height\s*:\s*([^;]+)/i.exec(style)?.[1];
  if (width !== undefined && height !== undefined && AT_MOST_ONE_PIXEL.test(width) && AT_MOST_ONE_PIXEL.test(height)) {
    return true;
  }
  return isBeacon(attribs.src);
}

/**
 * Whether a URL is at a known beacon (`BEACONS`): a host and a path prefix. Relative URLs are no beacon.
 * @example isBeacon("https://feeds.feedburner.com/~r/Example/~4/abc") // true
 */
export function isBeacon(url: string | null | undefined): boolean {
  const trimmed = url?.trim();
  if (!trimmed || !/^(?:https?:)?\/\//i.test(trimmed)) return false;
  let parsed: URL;
  try {
    parsed = new URL(trimmed, "https://relative.invalid/");
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return BEACONS.some(([beacon, path]) => host === beacon && parsed.pathname.startsWith(path));
}

/**
 * Whether an image address is a lazy loader's placeholder by its file name (a spinner, blank, spacer or
 * "placeholder" `.gif`/`.svg`/`.png`). A `data:` URL is a placeholder only on an element a lazy loader marks
 * (see `realImage`).
 * @example isPlaceholder("/wp-content/plugins/lazy-load/images/1x1.trans.gif") // true
 */
export function isPlaceholder(url: string): boolean {
  const path = url.trim().split(/[?#]/, 1)[0] ?? "";
  return !isDataUrl(url) && PLACEHOLDER_FILE.test(path);
}

/**
 * What an image inside a `<noscript>` is, given the image right before that `<noscript>` (its `realImage`, null
 * when none comes right before it): the fallback of a lazy loader. When the image before shows a real address,
 * the fallback is a copy of it and is dropped (`"drop"`); when it does not (only a placeholder or a `data:` URL),
 * the fallback is the image and replaces it (`"replace"`). With no image right before, the `<noscript>` is read
 * as any content (`"keep"`).
 * @example noscriptFallback({ attribs: { src: "https://example.org/a.jpg" }, real: true }) // "drop"
 */
export function noscriptFallback(before: RealImage | null): "drop" | "replace" | "keep" {
  if (before === null) return "keep";
  return before.real ? "drop" : "replace";
}

/**
 * The URL of the widest candidate of a `srcset` (by its `w` or `x` descriptor; the first among equals), else
 * null. For an image known only through its `srcset`.
 * @example largestCandidate("a.jpg 480w, b.jpg 1080w") // "b.jpg"
 */
export function largestCandidate(srcset: string): string | null {
  let best: string | null = null;
  let bestSize = -1;
  for (const { url, descriptor } of parseSrcset(srcset)) {
    const size = Number.parseFloat(descriptor) || 1;
    if (size > bestSize) {
      best = url;
      bestSize = size;
    }
  }
  return best;
}

/**
 * The http(s) address an image shows: its `src`, else the widest candidate of its `srcset`; null when neither is
 * an absolute http(s) URL (a `data:` image, a relative URL not yet resolved). The image of an item's content.
 * @example imageAddress({ srcset: "https://example.org/a.jpg 480w, https://example.org/b.jpg 1080w" })
 * // "https://example.org/b.jpg"
 */
export function imageAddress(attribs: Readonly<Record<string, string | undefined>>): string | null {
  const srcset = attribs.srcset === undefined ? null : largestCandidate(attribs.srcset);
  return absoluteUrl(attribs.src)?.href ?? absoluteUrl(srcset)?.href ?? null;
}

/** The URLs of a `srcset`'s candidates. */
const srcsetUrls = (srcset: string): string[] => parseSrcset(srcset).map(({ url }) => url);

const isDataUrl = (url: string): boolean => /^\s*data:/i.test(url);

/** A lazy attribute's value when it holds an address (not empty, not itself a placeholder or `data:` URL). */
function usable(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && !isDataUrl(trimmed) && !isPlaceholder(trimmed) ? trimmed : undefined;
}

const isOneOf = (names: readonly string[], name: string): boolean => names.includes(name);
