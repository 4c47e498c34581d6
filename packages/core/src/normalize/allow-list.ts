/**
 * What sanitized content HTML may keep: elements, their attributes, URL schemes. Anything else goes: an element
 * not listed loses its tags (its text stays) or, when listed in `NON_TEXT`, its text too.
 */

/** Elements kept, by lower-case name. */
export const TAGS: ReadonlySet<string> = new Set([
  ...["a", "abbr", "address", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite"],
  ...["code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure"],
  ...["footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark"],
  ...["ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span"],
  ...["strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track"],
  ...["u", "ul", "var", "video", "wbr"],
]);

/** Attributes kept, per element; an element not listed keeps none. */
export const ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ["href", "title", "hreflang"],
  abbr: ["title"],
  audio: ["src", "controls", "preload"],
  blockquote: ["cite"],
  col: ["span"],
  colgroup: ["span"],
  del: ["cite", "datetime"],
  img: ["src", "srcset", "sizes", "alt", "title", "width", "height", "loading"],
  ins: ["cite", "datetime"],
  li: ["value"],
  ol: ["start", "reversed", "type"],
  q: ["cite"],
  source: ["src", "srcset", "sizes", "type", "media"],
  td: ["colspan", "rowspan", "headers"],
  th: ["colspan", "rowspan", "headers", "scope"],
  time: ["datetime"],
  track: ["src", "kind", "srclang", "label", "default"],
  video: ["src", "poster", "controls", "width", "height", "preload"],
};

/** Attributes holding one URL: made absolute, and dropped unless their scheme is allowed. */
export const URL_ATTRIBUTES: readonly string[] = ["href", "src", "poster", "cite"];

/** Schemes a URL attribute may use (a URL without a scheme is relative, always allowed). */
export const SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto"]);
/** Schemes of `img src`, instead of `SCHEMES`: `data:` too, which must then be `data:image/…`. */
export const IMAGE_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "data"]);

/** HTML's boolean attributes among those kept: written bare when empty; any other empty one but `alt` goes. */
export const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set(["controls", "reversed", "default"]);

/** Void elements among those kept: written `<br />`, never closed. */
export const VOID: ReadonlySet<string> = new Set(["img", "br", "hr", "col", "source", "track", "wbr"]);

/** Elements not kept whose text goes too, not just their tags: code, styles, forms' options, embedded documents. */
export const NON_TEXT: ReadonlySet<string> = new Set([
  "script",
  "style",
  "textarea",
  "option",
  "select",
  "title",
  "svg",
  "math",
  "template",
  "iframe",
  "object",
]);
