/**
 * Markup to plain text, on htmlparser2's HTML tokenizer: the words stay, markup goes,
 * active elements go in any form, and a tag-like word that is no markup (`the <head> element`) stays literal.
 */
import { decodeHTML } from "entities";
import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";

// Elements whose tags are dropped wherever they appear, escaped or not: they run code or load things.
const ACTIVE = new Set("script iframe frame frameset svg math object embed applet img image portal".split(" "));
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
const URL_SCHEME = /^\s*(?:javascript|vbscript|data|livescript):/i;
// A tag in decoded text: `<name …>`, or unterminated at the end.
const DECODED_TAG = /<(\/?)([a-z][a-z0-9:-]*)([^<>]*)(?:>|$)/gi;
const HANDLER =
  /(?:^|[\s/"'])on[a-z]+\s*=|(?:^|[\s/"'])(?:href|src|action|formaction|data|xlink:href)\s*=\s*["']?\s*(?:javascript|vbscript|data|livescript):/i;

/**
 * The text of HTML: entities decoded, tags of text elements removed (block ones leave a space), comments
 * dropped, the content of closed script, style, head, title, noscript, template, svg and the like dropped.
 * Tags of active elements (script, iframe, svg, object, embed, img…, and any tag with an event-handler
 * attribute or a `javascript:` URL) are dropped even when they were escaped into text; any other tag-like
 * run stays literal. Whitespace is not collapsed here. Linear in the input.
 * @example markupToText("A tour of the &lt;head&gt; <b>element</b>") // "A tour of the <head> element"
 */
export function markupToText(html: string): string {
  const text = decodeHTML(readTokens(escapeUnclosedRawText(html)));
  return text.includes("<") ? dropActiveTags(text) : text;
}

/** Escapes the `<` of raw-text start tags never closed, which would otherwise swallow the rest as text. */
function escapeUnclosedRawText(html: string): string {
  if (!html.includes("<")) return html;
  const tags = [...html.matchAll(RAW_TEXT)];
  if (tags.length === 0) return html;
  const closed = new Set<string>();
  const unclosed: number[] = [];
  for (let i = tags.length - 1; i >= 0; i--) {
    const tag = tags[i] as RegExpExecArray;
    const name = (tag[2] as string).toLowerCase();
    if (tag[1] === "/") closed.add(name);
    else if (!closed.has(name)) unclosed.push(tag.index);
  }
  if (unclosed.length === 0) return html;
  unclosed.reverse();
  let out = "";
  let from = 0;
  for (const at of unclosed) {
    out += `${html.slice(from, at)}&lt;`;
    from = at + 1;
  }
  return out + html.slice(from);
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
  let tag = { name: "", start: 0, active: false, attribute: "" };
  let textEnd = -1;
  let textAt = -1;
  const openTag = (end: number, selfClosing: boolean) => {
    const { name, active } = tag;
    const source = html.slice(tag.start, end + 1);
    if (NON_TEXT.has(name) && !selfClosing) {
      const mark = { at: out.length, index: marks.length, dead: false };
      marks.push(mark);
      const list = byName.get(name);
      if (list) list.push(mark);
      else byName.set(name, [mark]);
    }
    if (active || ACTIVE.has(name)) return;
    if (BLOCK.has(name)) out.push(" ");
    else if (!INLINE.has(name)) out.push(source);
  };
  const callbacks: TokenizerCallbacks = {
    ontext: (start, end) => {
      // Runs of text the tokenizer splits (at a stray `<`) are joined into one piece.
      if (start === textEnd && out.length > 0 && out.length === textAt) out[out.length - 1] += html.slice(start, end);
      else out.push(html.slice(start, end));
      textEnd = end;
      textAt = out.length;
    },
    ontextentity: () => {},
    onopentagname: (start, end) => {
      tag = { name: html.slice(start, end).toLowerCase(), start: start - 1, active: false, attribute: "" };
    },
    onattribname: (start, end) => {
      tag.attribute = html.slice(start, end).toLowerCase();
      if (tag.attribute.startsWith("on")) tag.active = true;
    },
    onattribdata: (start, end) => {
      if (!tag.active && URL_SCHEME.test(decodeHTML(html.slice(start, end)))) tag.active = true;
    },
    onattribentity: () => {},
    onattribend: () => {},
    onopentagend: (end) => openTag(end, false),
    onselfclosingtag: (end) => openTag(end, true),
    onclosetag: (start, end) => {
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
      if (ACTIVE.has(name)) return;
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
  return out.join("");
}

/** Drops the tags of active elements from decoded text (markup that arrived escaped); the rest stays. */
function dropActiveTags(text: string): string {
  return text.replace(DECODED_TAG, (whole, _slash: string, name: string, rest: string) =>
    ACTIVE.has(name.toLowerCase()) || HANDLER.test(rest) ? "" : whole,
  );
}
