/**
 * Active markup: what can act when an app renders a plain-text field as HTML. Plain text keeps the words and any
 * tag-like run that is no markup, but never a tag of an active element nor a tag with an active attribute, in
 * the form a browser reads it.
 */
import { decodeHTML } from "entities";

/**
 * Elements that run code, load or embed something, change the page around them or take input: their tags are
 * never left in plain text. Scripts and frames (script, iframe, frame, frameset, portal, object, embed, applet),
 * foreign content (svg, math), what loads media (img, image, picture's source, video, audio, track, bgsound), what
 * changes the document (meta — a refresh —, link, base, style), and forms with their controls (form, input,
 * button, select, option, optgroup, datalist, textarea, keygen, isindex).
 */
export const ACTIVE_ELEMENTS: ReadonlySet<string> = new Set([
  ...["script", "iframe", "frame", "frameset", "portal", "object", "embed", "applet", "svg", "math"],
  ...["img", "image", "source", "video", "audio", "track", "bgsound"],
  ...["meta", "link", "base", "style"],
  ...["form", "input", "button", "select", "option", "optgroup", "datalist", "textarea", "keygen", "isindex"],
]);

// A URL scheme that runs code or carries a document, anywhere a URL may start in a value: at its start, after
// `url=` (a refresh's content), `url(` (CSS), a quote, `;` or `,`. Whitespace and controls are removed first, as
// browsers ignore them inside a scheme.
const ACTIVE_SCHEME = /(?:^|[^a-z0-9+.-])(?:javascript|vbscript|livescript|data):/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these characters in a URL's scheme
const IGNORED_IN_SCHEME = /[\x00-\x20]+/g;

/**
 * Whether an attribute makes its tag active: an event handler (`on…`), a `style` (it can lay anything over the
 * page), or a `javascript:`, `vbscript:`, `livescript:` or `data:` URL anywhere a URL can start in its value —
 * `href`, `src`, a refresh's `content="0;url=javascript:…"`, CSS `url(…)` alike. `value` is read as a browser
 * reads it: character references decoded, whitespace and controls in the scheme ignored.
 * @example isActiveAttribute("content", "0; url=java&#x09;script:alert(1)") // true
 */
export function isActiveAttribute(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith("on") || lower === "style") return true;
  if (!/[:;&]/.test(value)) return false;
  return ACTIVE_SCHEME.test(decodeHTML(value).replace(IGNORED_IN_SCHEME, ""));
}

/** A tag found in text: where it is, and whether it is active. */
interface Tag {
  start: number;
  end: number;
  active: boolean;
}

// Elements whose content a browser reads as text up to their end tag, when their start tag stays (the others of
// HTML's raw-text and RCDATA elements — script, style, textarea, iframe — are active: their tags never stay).
const RAW_TEXT_KEPT = new Set(["title", "xmp", "noembed", "noframes", "noscript", "plaintext"]);
/** HTML's whitespace: tab, line feed, form feed, carriage return (read as a line feed), space. */
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
const isAlpha = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const GT = 62;
const SLASH = 47;
const EQUALS = 61;

/**
 * The tags of `text` as HTML's tokenizer reads it from its data state: start and end tags with their attributes
 * (quoted values may hold `>`), comments and bogus comments (`<!…>`, `<?…>`, `</…>`) passed over, a tag left open
 * at the end read as a tag to the end (another field may close it). As a `browser` reads it, the content of a
 * kept title, xmp, noembed, noframes, noscript or plaintext element is text up to its end tag and an end tag's
 * quoted attribute values may hold `>`; as a lenient reader (htmlparser2) reads it, that content is markup too and
 * an end tag ends at its first `>`. `readsDiffer` tells whether the two readings can differ. Linear in the text.
 */
function scanTags(text: string, browser: boolean): { tags: Tag[]; readsDiffer: boolean } {
  const tags: Tag[] = [];
  let readsDiffer = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    const next = text[lt + 1] ?? "";
    if (next === "!") {
      i = commentEnd(text, lt);
      continue;
    }
    if (next === "?") {
      i = bogusCommentEnd(text, lt);
      continue;
    }
    const endTag = next === "/";
    const nameStart = endTag ? lt + 2 : lt + 1;
    if (!isAlpha(text.charCodeAt(nameStart))) {
      i = endTag && nameStart < n ? bogusCommentEnd(text, lt) : lt + 1;
      continue;
    }
    const tag = readTag(text, nameStart);
    let end = tag.end;
    if (endTag) {
      // Browsers read an end tag's attributes, quotes included; readers such as htmlparser2 end it at its first `>`.
      const gt = text.indexOf(">", nameStart);
      const lenientEnd = gt < 0 ? n : gt + 1;
      if (lenientEnd !== end) readsDiffer = true;
      if (!browser) end = lenientEnd;
    }
    tags.push({ start: lt, end, active: ACTIVE_ELEMENTS.has(tag.name) || tag.activeAttribute });
    i = end;
    if (!endTag && RAW_TEXT_KEPT.has(tag.name) && !tag.activeAttribute) {
      readsDiffer = true;
      if (browser) i = rawTextEnd(text, i, tag.name);
    }
  }
  return { tags, readsDiffer };
}

/** Reads a tag from its name on: its lower-case name, where it ends (after its `>`, or the text's end), and
 * whether one of its attributes is active. Follows the tokenizer's tag name and attribute states. */
function readTag(text: string, from: number): { name: string; end: number; activeAttribute: boolean } {
  const n = text.length;
  let i = from;
  for (let c = text.charCodeAt(i); i < n && !isSpace(c) && c !== SLASH && c !== GT; c = text.charCodeAt(++i));
  const name = text.slice(from, i).toLowerCase();
  let activeAttribute = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === GT) return { name, end: i + 1, activeAttribute };
    if (isSpace(c) || c === SLASH) {
      i++;
      continue;
    }
    // An attribute name: up to whitespace, `/`, `>` or `=` (a first `=` belongs to the name).
    const nameStart = i;
    for (let d = text.charCodeAt(++i); i < n && !isSpace(d) && d !== SLASH && d !== GT && d !== EQUALS; ) {
      d = text.charCodeAt(++i);
    }
    const attribute = text.slice(nameStart, i);
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    let value = "";
    if (text.charCodeAt(i) === EQUALS) {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, i + 1);
        const end = close < 0 ? n : close;
        value = text.slice(i + 1, end);
        i = end + 1;
      } else {
        const start = i;
        while (i < n && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== GT) i++;
        value = text.slice(start, i);
      }
    }
    if (!activeAttribute && isActiveAttribute(attribute, value)) activeAttribute = true;
  }
  return { name, end: n, activeAttribute };
}

/** Where a markup declaration from `<!` ends: a comment (`<!--` to `-->` or `--!>`, or `<!-->`, `<!--->`) or a
 * bogus comment (DOCTYPE, CDATA outside foreign content, anything else: to the first `>`). */
function commentEnd(text: string, lt: number): number {
  if (!text.startsWith("<!--", lt)) return bogusCommentEnd(text, lt);
  const from = lt + 4;
  if (text[from] === ">") return from + 1;
  if (text.startsWith("->", from)) return from + 2;
  COMMENT_END.lastIndex = from;
  const end = COMMENT_END.exec(text);
  return end === null ? text.length : end.index + end[0].length;
}

const COMMENT_END = /--!?>/g;

/** Where a bogus comment from `lt` ends: after the first `>`, or at the text's end. */
function bogusCommentEnd(text: string, lt: number): number {
  const gt = text.indexOf(">", lt + 1);
  return gt < 0 ? text.length : gt + 1;
}

/** Where the text content of raw-text element `name` ends: at its end tag (`</name` then whitespace, `/` or `>`). */
function rawTextEnd(text: string, from: number, name: string): number {
  if (name === "plaintext") return text.length;
  const end = new RegExp(`</${name}(?=[\\t\\n\\f\\r />]|$)`, "gi");
  end.lastIndex = from;
  const match = end.exec(text);
  return match === null ? text.length : match.index;
}

// A `<` that could begin markup once more text follows it: before a letter, `/`, `!`, `?`, another such `<`, or at
// the end of what is written.
const MARKUP_START = /<(?=[a-z/!?<]|$)/gi;
/** Passes of removal before nothing that could begin markup is left instead (reached only by crafted input). */
const MAX_PASSES = 4;

/**
 * Text without active markup as a browser reads it, and as a lenient reader (htmlparser2) reads it: the
 * tags of active elements and tags with an active attribute (`ACTIVE_ELEMENTS`, `isActiveAttribute`) go, the words
 * before and after them stay, and any other tag-like run stays literal. Removing a tag joins the text around it,
 * which could complete another (`<scr<script>ipt>`, `<<script>script>`): every `<` since the last `>` that could
 * begin markup goes with it, and the text is read again. Text that still holds active markup after a few passes
 * (crafted to) loses every `<` that could begin markup. Linear in the text.
 * @example dropActiveMarkup('Title <meta http-equiv="refresh" content="0;url=javascript:x"> words') // "Title  words"
 */
export function dropActiveMarkup(text: string): string {
  let out = text;
  for (let pass = 0; pass <= MAX_PASSES; pass++) {
    if (!out.includes("<")) return out;
    const active = activeTags(out);
    if (active.length === 0) return out;
    if (pass === MAX_PASSES) break;
    out = removeTags(out, active);
  }
  return out.replace(/<+(?=[a-z/!?])/gi, "");
}

/** The active tags of `text` as a browser reads it and, where they can differ, as a lenient reader reads it;
 * sorted, overlapping ones merged. */
function activeTags(text: string): Tag[] {
  const browser = scanTags(text, true);
  const tags = browser.tags.filter((tag) => tag.active);
  if (browser.readsDiffer) tags.push(...scanTags(text, false).tags.filter((tag) => tag.active));
  return merge(tags);
}

/** Tags sorted by start, overlapping ones merged. */
function merge(tags: Tag[]): Tag[] {
  tags.sort((a, b) => a.start - b.start);
  const merged: Tag[] = [];
  for (const tag of tags) {
    const last = merged.at(-1);
    if (last !== undefined && tag.start < last.end) last.end = Math.max(last.end, tag.end);
    else merged.push({ ...tag });
  }
  return merged;
}

/** `text` without the (sorted, disjoint) `tags`; at each, the `<`s written since the last `>` that could begin
 * markup go too. */
function removeTags(text: string, tags: Tag[]): string {
  const done: string[] = [];
  // Text written since the last `>`: where a `<` left open could meet what follows a removed tag.
  let open: string[] = [];
  const write = (piece: string) => {
    const gt = piece.lastIndexOf(">");
    if (gt < 0) {
      open.push(piece);
      return;
    }
    done.push(...open, piece.slice(0, gt + 1));
    open = [piece.slice(gt + 1)];
  };
  let from = 0;
  for (const tag of tags) {
    write(text.slice(from, tag.start));
    from = tag.end;
    done.push(open.join("").replace(MARKUP_START, ""));
    open = [];
  }
  write(text.slice(from));
  return done.join("") + open.join("");
}
