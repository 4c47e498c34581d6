import { describe, expect, it } from "vitest";
import { ParseError } from "../errors.ts";
import { cleanXml } from "./xml-clean.ts";

const clean = (xml: string) => cleanXml(xml).xml;

describe("cleanXml", () => {
  it.each([
    ["keeps well-formed XML", '<rss><a x="1">t</a></rss>', '<rss><a x="1">t</a></rss>'],
    [
      "drops the declaration, PIs and comments",
      '<?xml version="1.0"?><?xml-stylesheet href="x"?><!-- c --><rss><!-- d -->x</rss>',
      "<rss>x</rss>",
    ],
    [
      "drops the DOCTYPE with its internal subset",
      '<!DOCTYPE rss [<!ENTITY a "]>"> <!-- ] -->]><rss>&a;</rss>',
      "<rss>&amp;a;</rss>",
    ],
    [
      "quotes attributes, spaces around = and valueless ones",
      "<rss><a x = 1 y='2' z>t</a></rss>",
      '<rss><a x="1" y="2" z="">t</a></rss>',
    ],
    ["keeps the first of duplicate attributes", '<rss a="1" a="2"/>', '<rss a="1"/>'],
    ["escapes < and quotes in attribute values", `<rss a='x<"y'/>`, '<rss a="x&lt;&quot;y"/>'],
    ["escapes a stray <", "<rss>a < b && c</rss>", "<rss>a &lt; b &amp;&amp; c</rss>"],
    ["escapes > in text", "<rss>]]></rss>", "<rss>]]&gt;</rss>"],
    ["converts HTML entities in text and attributes", '<rss t="&eacute;">&nbsp;</rss>', '<rss t="&#233;">&#160;</rss>'],
    [
      "closes elements left open",
      "<rss><channel><title>t</channel></rss>",
      "<rss><channel><title>t</title></channel></rss>",
    ],
    ["drops stray end tags", "<rss><a>t</b></a></rss>", "<rss><a>t</a></rss>"],
    ["closes everything at the end of input", "<rss><channel><item>", "<rss><channel><item></item></channel></rss>"],
    ["ignores what follows the root", "<rss>a</rss><rss>b</rss> junk", "<rss>a</rss>"],
    ["ignores text before the root", "junk <rss>a</rss>", "<rss>a</rss>"],
    [
      "an item closes what was left open in its channel",
      "<rss><channel><x:cat a='1'><item>1</item><item>2</item></channel></rss>",
      '<rss><channel><x:cat a="1"></x:cat><item>1</item><item>2</item></channel></rss>',
    ],
    [
      "an entry closes an unclosed entry",
      "<feed><entry><id>1<entry><id>2</feed>",
      "<feed><entry><id>1</id></entry><entry><id>2</id></entry></feed>",
    ],
    ["keeps CDATA", "<rss><d><![CDATA[<p>x</p>]]></d></rss>", "<rss><d><![CDATA[<p>x</p>]]></d></rss>"],
    ["strips forbidden characters", "<rss>a\u0000b\u0008c</rss>", "<rss>abc</rss>"],
    ["renames the root RDF to rdf:RDF", '<RDF:RDF xmlns:RDF="x"></RDF:RDF>', '<rdf:RDF xmlns:RDF="x"></rdf:RDF>'],
  ])("%s", (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it.each([
    [
      "Atom xhtml content",
      '<feed><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">a <b>b</b> c</div></content></entry></feed>',
      '<feed><entry><content type="html"><![CDATA[<div xmlns="http://www.w3.org/1999/xhtml">a <b>b</b> c</div>]]></content></entry></feed>',
    ],
    [
      "unescaped HTML in a description, void elements left open",
      "<rss><item><description><p>a<br>b<img src=x></p></description></item></rss>",
      '<rss><item><description type="html"><![CDATA[<p>a<br/>b<img src="x"/></p>]]></description></item></rss>',
    ],
    [
      "non-void self-closed elements, CDATA and ]]> inside markup",
      '<rss><description><div/><![CDATA[<i>x]]>y<a title="]]>"></a></description></rss>',
      '<rss><description type="html"><![CDATA[<div></div><i>xy<a title="]]]]><![CDATA[>"></a>]]></description></rss>',
    ],
    [
      "text-only descriptions are left alone",
      "<rss><description>a &amp; b</description></rss>",
      "<rss><description>a &amp; b</description></rss>",
    ],
  ])("turns markup inside text elements into CDATA: %s", (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it.each([
    [
      "Atom elements in RSS get the atom prefix",
      '<rss xmlns:a10="http://www.w3.org/2005/Atom"><item><a10:link href="u"/><link xmlns="http://www.w3.org/2005/Atom" href="v"/></item></rss>',
      '<rss xmlns:a10="http://www.w3.org/2005/Atom"><item><atom:link href="u"/><atom:link xmlns="http://www.w3.org/2005/Atom" href="v"/></item></rss>',
    ],
    [
      "a prefixed Atom feed loses its prefix",
      '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:entry><atom:id>1</atom:id></atom:entry></atom:feed>',
      '<feed xmlns:atom="http://www.w3.org/2005/Atom"><entry><id>1</id></entry></feed>',
    ],
    [
      "other well-known namespaces get their usual prefix, in scope only",
      '<rss><i xmlns:d="http://purl.org/dc/elements/1.1/"><d:creator>x</d:creator></i><d:creator/></rss>',
      '<rss><i xmlns:d="http://purl.org/dc/elements/1.1/"><dc:creator>x</dc:creator></i><d:creator/></rss>',
    ],
  ])("normalizes namespace prefixes: %s", (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("reports the root element, its attributes and children", () => {
    const { root } = cleanXml('<rss version="2.0" xml:base="http://x/"><channel/></rss>');
    expect(root).toEqual({
      name: "rss",
      attributes: { version: "2.0", "xml:base": "http://x/" },
      children: new Set(["channel"]),
    });
  });

  it.each([
    ["no element at all", "just text"],
    ["an unterminated DOCTYPE", "<!DOCTYPE rss [ <rss></rss>"],
    ["nesting over 256 levels", `<rss>${"<a>".repeat(300)}</rss>`],
  ])("rejects %s", (_name, input) => {
    expect(() => cleanXml(input)).toThrow(ParseError);
  });
});
