/** How a feed reader that takes a text as HTML reads it: the words it shows and the elements it would create. */

import { removeInvalidXmlChars } from "@tributary/core/characters.ts";
import { type DefaultTreeAdapterMap, parseFragment } from "parse5";

type Node = DefaultTreeAdapterMap["node"];

/** What an HTML-interpreting reader makes of a text: `text` as shown (whitespace collapsed) and every element's name. */
export interface HtmlReading {
  text: string;
  elements: string[];
}

/** Whitespace as HTML shows it: runs collapsed to one space, none at either end. */
export function collapseSpace(text: string): string {
  return text.replace(/[\t\n\f\r ]+/g, " ").trim();
}

function walk(node: Node, reading: { text: string; elements: string[] }): void {
  if (node.nodeName === "#text" && "value" in node) reading.text += node.value;
  else if ("tagName" in node) reading.elements.push(node.tagName);
  if ("childNodes" in node) for (const child of node.childNodes) walk(child, reading);
  if ("content" in node && node.content) walk(node.content as Node, reading);
}

/**
 * Parses `html` as the HTML5 parsing algorithm does (parse5, a body fragment), as a browser-based reader would.
 * @example readAsHtml("The &lt;head&gt; <b>x</b>") // { text: "The <head> x", elements: ["b"] }
 */
export function readAsHtml(html: string): HtmlReading {
  const reading = { text: "", elements: [] as string[] };
  walk(parseFragment(html) as Node, reading);
  return { text: collapseSpace(reading.text), elements: reading.elements };
}

/** The words a plain text should show: characters invalid in XML removed, whitespace collapsed. */
export function shownWords(plain: string): string {
  return collapseSpace(removeInvalidXmlChars(plain));
}

/**
 * Elements whose tags plain text never carries: they run code, load or embed something, change the page around
 * them or take input (script, frames, foreign content, images and media, meta, link, base, style, forms and their
 * controls).
 */
const ACTIVE_ELEMENTS = new Set([
  ...["script", "iframe", "frame", "frameset", "portal", "object", "embed", "applet", "svg", "math"],
  ...["img", "image", "source", "video", "audio", "track", "bgsound"],
  ...["meta", "link", "base", "style"],
  ...["form", "input", "button", "select", "option", "optgroup", "datalist", "textarea", "keygen", "isindex"],
]);

/** Whether an attribute can act: an event handler, a style, a javascript:/vbscript:/data: URL anywhere in its value. */
function activeAttribute(name: string, value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these characters in a URL's scheme
  const squeezed = value.replace(/[\u0000-\u0020]+/g, "");
  return (
    /^on/i.test(name) ||
    name === "style" ||
    /(?:^|[^a-z0-9+.-])(?:javascript|vbscript|livescript|data):/i.test(squeezed)
  );
}

function activeIn(node: Node, found: string[]): void {
  if ("tagName" in node) {
    if (ACTIVE_ELEMENTS.has(node.tagName)) found.push(`<${node.tagName}>`);
    for (const { name, value } of node.attrs) if (activeAttribute(name, value)) found.push(`<${node.tagName} ${name}>`);
  }
  if ("childNodes" in node) for (const child of node.childNodes) activeIn(child, found);
  if ("content" in node && node.content) activeIn(node.content as Node, found);
}

/**
 * The active markup an app finds in `text` when it renders it as HTML (parse5, a body fragment, with scripting on
 * and off), alone or closed by what the app writes after it (`">`, `'>`, `>`): [] for inert text.
 * @example activeMarkupIn('a <meta http-equiv="refresh" content="0;url=javascript:x"> b') // ["<meta>", "<meta content>"]
 */
export function activeMarkupIn(text: string): string[] {
  const found: string[] = [];
  for (const html of [text, `${text}">`, `${text}'>`, `${text}>`]) {
    for (const scriptingEnabled of [true, false]) activeIn(parseFragment(html, { scriptingEnabled }) as Node, found);
  }
  return [...new Set(found)];
}
