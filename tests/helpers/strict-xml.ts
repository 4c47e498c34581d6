/** A strict XML 1.0 reader for tests: rejects what sax lets through (bad characters, duplicate attributes, two roots). */
import { createRequire } from "node:module";

/** An element as read: qualified name, namespace URI, attributes, child elements and its own text. */
export interface XmlNode {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

interface SaxTag {
  name: string;
  uri: string;
  attributes: Record<string, { value: string }>;
}

interface SaxParser {
  onerror: (error: Error) => void;
  onopentagstart: () => void;
  onattribute: (attribute: { name: string }) => void;
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  ondoctype: () => void;
  write(chunk: string): SaxParser;
  close(): SaxParser;
}

const require = createRequire(import.meta.url);
const sax = require("sax") as {
  parser(strict: boolean, options: { xmlns: boolean; strictEntities: boolean }): SaxParser;
};

/** Anything outside XML 1.0's `Char` production (the `u` flag makes lone surrogates match too). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Parses `xml` strictly (well-formed, namespace-aware, XML 1.0 characters only) into a tree; throws on any problem. */
export function parseStrictXml(xml: string): XmlNode {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} is not allowed in XML 1.0`);
  if (xml.includes("]]>")) throw new Error('"]]>" outside a CDATA section');
  const parser = sax.parser(true, { xmlns: true, strictEntities: true });
  const stack: XmlNode[] = [];
  const roots: XmlNode[] = [];
  let attributeNames = new Set<string>();
  parser.onerror = (error) => {
    throw new Error(`not well-formed: ${error.message.split("\n")[0]}`);
  };
  parser.ondoctype = () => {
    throw new Error("unexpected DOCTYPE");
  };
  parser.onopentagstart = () => {
    attributeNames = new Set();
  };
  parser.onattribute = ({ name }) => {
    if (attributeNames.has(name)) throw new Error(`duplicate attribute ${name}`);
    attributeNames.add(name);
  };
  parser.onopentag = (tag) => {
    const attributes = Object.fromEntries(Object.entries(tag.attributes).map(([key, { value }]) => [key, value]));
    const node: XmlNode = { name: tag.name, uri: tag.uri, attributes, children: [], text: "" };
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = parser.oncdata = (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.write(xml).close();
  const [root, ...more] = roots;
  if (!root || more.length > 0) throw new Error(`expected one root element, found ${roots.length}`);
  return root;
}

/** The child elements of `node` named `name`. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => child.name === name);
}

/** The one child element of `node` named `name`; throws when there is none or several. */
export function childNamed(node: XmlNode, name: string): XmlNode {
  const found = childrenNamed(node, name);
  if (found.length !== 1 || !found[0])
    throw new Error(`expected one <${name}> in <${node.name}>, found ${found.length}`);
  return found[0];
}
