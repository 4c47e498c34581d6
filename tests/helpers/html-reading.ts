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
