/**
 * Markup to plain text, on htmlparser2's HTML tokenizer: the words stay, markup goes,
 * active markup goes in any form (`active-markup.ts`), and a tag-like word that is no markup (`the <head> element`)
 * stays literal.
 */
import { decodeHTML } from "entities";
import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";
import { replaceEach } from "../strings.ts";
import { ACTIVE_ELEMENTS, dropActiveMarkup, isActiveAttribute } from "./active-markup.ts";

// Elements whose content is no words (code, metadata, fallbacks): dropped with it when the element closes.
const NON_TEXT = new Set(
  "script style noscript template svg math head title textarea xmp iframe object select option".split(" "),
);
// HTML's elements that hold or format text: their tags go; block ones leave a space.
const BLOCK = new Set(
  "address article aside blockquote br center dd details div dl dt fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul caption".split(
    " ",
  ),
);
const INLINE = new Set(
  "a abbr acronym b bdi bdo big blink cite code data del dfn em font i ins kbd label mark nobr q rp rt ruby s samp small span strike strong sub sup time tt u var wbr body html".split(
    " ",
  ),
);
// HTML's raw-text and RCDATA elements: the tokenizer reads everything up to their end tag as text.
const RAW_TEXT = /<(\/?)(script|style|title|textarea|xmp)(?=[\s/>]|$)/gi;

/**
 * The text of HTML: entities decoded, tags of text elements removed (block ones leave a space), comments
 * dropped, the content of closed script, style, head, title, noscript, template, svg and the like dropped.
 * Active markup (`dropActiveMarkup`: tags of script, iframe, svg, img, meta, link, base, style, form and its
 * controls…, and any tag with an event handler, a style or a `javascript:`/`vbscript:`/`data:` URL in any
 * attribute) is dropped even when it was escaped into text; any other tag-like run stays literal. Whitespace is
 * not collapsed here. Linear in the input.
 * @example markupToText("A tour of the &lt;head&gt; <b>element</b>") // "A tour of the <head> element"
 */
export function markupToText(html: string): string {
  // Without `<` or `&` there is no markup and no entity: the text is itself (a configuration's 100,000 source
  // titles, most feed titles), and the tokenizer is spared.
  if (!PLAIN_SPECIALS.test(html)) return html;
  const text = decodeHTML(readTokens(escapeUnclosedRawText(html)));
  return text.includes("<") ? dropActiveMarkup(text) : text;
}

/** What makes text more than plain text: a tag's `<` or an entity's `&`. */
const PLAIN_SPECIALS = /[<&]/;

/** Escapes the `<` of raw-text start tags never closed, which would otherwise swallow the rest as text. */
function escapeUnclosedRawText(html: string): string {
  if (!html.includes("<")) return html;
  RAW_TEXT.lastIndex = 0;
  if (!RAW_TEXT.test(html)) return html;
  // A start tag is never closed when no end tag of its name comes after it: it stands past its name's last one.
  const lastEnd = new Map<string, number>();
  const ends = (name: string) => {
    let at = lastEnd.get(name);
    if (at === undefined) {
      at = lastEndTag(html, name);
      lastEnd.set(name, at);
    }
    return at;
  };
  return replaceEach(html, RAW_TEXT, (tag) =>
    tag[1] === "" && tag.index > ends((tag[2] as string).toLowerCase()) ? `&lt;${tag[0].slice(1)}` : tag[0],
  );
}

/** The offset of the last end tag of raw-text element `name` (lowercase) in `html`; -1 when there is none. */
function lastEndTag(html: string, name: string): number {
  const end = new RegExp(`</${name}(?=[\\s/>]|$)`, "gi");
  let last = -1;
  for (let match = end.exec(html); match !== null; match = end.exec(html)) last = match.index;
  return last;
}

interface Mark {
  at: number;
  index: number;
  dead: boolean;
}

/** Reads the tokens of `html` into text, entities still encoded. */
function readTokens(html: string): string {
  const out: string[] = [];
  // Elements whose content goes if they close: where the output stood at their start tag, by name too.
  const marks: Mark[] = [];
  const byName = new Map<string, Mark[]>();
  let tag = { name: "", start: 0, active: false, attribute: "", value: "" };
  // The run of text being read: runs the tokenizer splits (at a stray `<`) are contiguous and read as one.
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0) out.push(html.slice(runStart, runEnd));
    runStart = -1;
  };
  const openTag = (end: number, selfClosing: boolean) => {
    flush();
    const { name, active } = tag;
    const source = html.slice(tag.start, end + 1);
    if (NON_TEXT.has(name) && !selfClosing) {
      const mark = { at: out.length, index: marks.length, dead: false };
      marks.push(mark);
      const list = byName.get(name);
      if (list) list.push(mark);
      else byName.set(name, [mark]);
    }
    if (active || ACTIVE_ELEMENTS.has(name)) return;
    if (BLOCK.has(name)) out.push(" ");
    else if (!INLINE.has(name)) out.push(source);
  };
  const callbacks: TokenizerCallbacks = {
    ontext: (start, end) => {
      if (runStart < 0 || start !== runEnd) {
        flush();
        runStart = start;
      }
      runEnd = end;
    },
    ontextentity: () => {},
    onopentagname: (start, end) => {
      tag = { name: html.slice(start, end).toLowerCase(), start: start - 1, active: false, attribute: "", value: "" };
    },
    onattribname: (start, end) => {
      tag.attribute = html.slice(start, end);
      tag.value = "";
    },
    onattribdata: (start, end) => {
      tag.value += html.slice(start, end);
    },
    onattribentity: () => {},
    onattribend: () => {
      if (!tag.active && isActiveAttribute(tag.attribute, tag.value)) tag.active = true;
    },
    onopentagend: (end) => openTag(end, false),
    onselfclosingtag: (end) => openTag(end, true),
    onclosetag: (start, end) => {
      flush();
      const name = html.slice(start, end).toLowerCase();
      const open = byName.get(name);
      while (open?.at(-1)?.dead) open.pop();
      const mark = open?.pop();
      if (mark) {
        out.length = mark.at;
        for (let i = mark.index; i < marks.length; i++) (marks[i] as Mark).dead = true;
        marks.length = mark.index;
        return;
      }
      if (ACTIVE_ELEMENTS.has(name)) return;
      if (BLOCK.has(name)) out.push(" ");
      else if (!INLINE.has(name)) out.push(html.slice(start - 2, html.indexOf(">", end) + 1 || end));
    },
    oncomment: () => {},
    oncdata: () => {},
    ondeclaration: () => {},
    onprocessinginstruction: () => {},
    onend: () => {},
  };
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: false }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  flush();
  return out.join("");
}
