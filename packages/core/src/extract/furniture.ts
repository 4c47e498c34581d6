/**
 * Page furniture: what surrounds an article on any site and is not the article — share buttons, newsletter
 * boxes, related-links blocks, comments, cookie banners, ads, navigation, forms. Told by what the markup says
 * it is (element, ARIA role, words of its class and id), never by site, and removed from the page before the
 * article is looked for.
 */

/** Elements that are never article text: controls, dialogs, navigation. */
const FURNITURE_TAGS = "nav, dialog, button, select, textarea, input, label, menu";

/** ARIA landmark roles of page furniture (https://www.w3.org/TR/wai-aria-1.2/#landmark_roles). */
const FURNITURE_ROLES = new Set([
  "navigation",
  "banner",
  "contentinfo",
  "complementary",
  "search",
  "dialog",
  "alertdialog",
  "menu",
  "menubar",
  "toolbar",
]);

/**
 * Words of a class or id (split at spaces, `-` and `_`, lower-case) that name furniture. Whole words only:
 * `share` matches `post-share-bar` but not `shareholders`.
 */
const FURNITURE_WORDS = new Set([
  // sharing
  ..."share sharing shares sharebar sharedaddy addthis shariff social socials socialmedia sociallinks".split(" "),
  // newsletters, sign-ups, paywall prompts
  ..."newsletter newsletters subscribe subscription subscriptions signup mailchimp mc4wp optin".split(" "),
  // related links and recommendations
  ..."related relatedposts recommended recommendations recirculation outbrain taboola yarpp morestories".split(" "),
  // comments
  ..."comment comments commentlist disqus respond".split(" "),
  // cookie and consent banners
  ..."cookie cookies consent gdpr cmp onetrust".split(" "),
  // ads
  ..."ad ads adsbygoogle advert adverts advertisement advertising sponsor sponsored dfp adslot adunit".split(" "),
  // navigation and page tools
  ..."breadcrumb breadcrumbs pagination pager navigation navbar menu skiplink tags tagcloud".split(" "),
  ..."popup modal overlay lightbox toolbar".split(" "),
]);

/** Two-word names of furniture (`read-more` is not one: some sites wrap whole articles in it). */
const FURNITURE_PAIRS = new Set([
  "more-stories",
  "also-read",
  "author-box",
  "post-navigation",
  "nav-links",
  "jp-relatedposts",
  "crp-related",
  "wp-block-latest-posts",
  "site-footer",
  "site-header",
]);

/**
 * First words of a class that says what an element has or does, not what it is (`no-share`, `has-comments`), or
 * what its article is filed under (WordPress's `category-social-issues`, `tag-advertising`).
 */
const MODIFIERS = new Set([
  ..."no has with without enable enabled disable disabled show hide is can allow".split(" "),
  ..."category tag topic section".split(" "),
]);

/**
 * Whether a class or id value names furniture: one of its space-separated names has a furniture word, unless it
 * says what the element has (`no-share`, `has-comments`) or is longer than four words (an id made from a
 * heading, `sharing-with-a-single-developer`).
 * @example namesFurniture("post-share-bar") // true
 */
export function namesFurniture(value: string): boolean {
  for (const token of value.toLowerCase().split(/\s+/)) {
    if (token === "") continue;
    const words = token.split(/[-_]+/).filter((word) => word !== "");
    if (words.length > 4 || MODIFIERS.has(words[0] ?? "")) continue;
    if (words.some((word) => FURNITURE_WORDS.has(word))) return true;
    for (let i = 0; i + 1 < words.length; i++) if (FURNITURE_PAIRS.has(`${words[i]}-${words[i + 1]}`)) return true;
  }
  return false;
}

/** Elements that hold blocks of a page: the only ones taken for furniture by their class or id (an inline `popup`
 * link or `ad` span inside a sentence is the sentence's). */
const BLOCKS = new Set([
  "DIV",
  "SECTION",
  "ASIDE",
  "HEADER",
  "FOOTER",
  "FORM",
  "UL",
  "OL",
  "LI",
  "DL",
  "TABLE",
  "P",
  "FIGURE",
  "INS",
  "IFRAME",
]);

/** Elements that hold the page's article whatever their class says. */
const NEVER_FURNITURE = new Set(["HTML", "BODY", "MAIN", "ARTICLE"]);

/**
 * Removes page furniture from a document, in place: furniture elements (nav, dialogs, form controls), elements
 * of a furniture ARIA role, `hidden` elements, and elements whose class or id names furniture (see
 * `namesFurniture`) — but never the html, body, main or article element, nor an element holding more than
 * `keepShare` (default 0.3) of the body's text, which is then the page's main part whatever its name says; and
 * read-more lines ("Continue reading", "Read more: <a link to another article>"). Returns how many elements were
 * removed.
 */
export function removeFurniture(document: Document, keepShare = 0.3): number {
  const body = document.body;
  if (!body) return 0;
  const total = visibleTextLength(body);
  const tooBig = (element: Element) => visibleTextLength(element) > total * keepShare;
  let removed = 0;
  for (const element of Array.from(body.querySelectorAll(FURNITURE_TAGS))) {
    if (element.isConnected && !tooBig(element)) {
      element.remove();
      removed++;
    }
  }
  // Elements named as furniture but holding much of the page (a live blog in `live-comments`): nothing in them is
  // taken for furniture by its name.
  const kept: Element[] = [];
  for (const element of Array.from(body.querySelectorAll("[class], [id], [role], [hidden], aside, footer, form"))) {
    if (!element.isConnected || NEVER_FURNITURE.has(element.tagName)) continue;
    if (kept.some((big) => big.contains(element))) continue;
    const role = element.getAttribute("role")?.toLowerCase() ?? "";
    const named =
      element.hasAttribute("hidden") ||
      FURNITURE_ROLES.has(role) ||
      ["ASIDE", "FOOTER", "FORM"].includes(element.tagName) ||
      (BLOCKS.has(element.tagName) &&
        (namesFurniture(element.getAttribute("class") ?? "") || namesFurniture(element.getAttribute("id") ?? "")));
    if (!named) continue;
    if (tooBig(element)) {
      kept.push(element);
    } else {
      element.remove();
      removed++;
    }
  }
  return removed + removeReadMore(body);
}

/**
 * What sites write to send readers on to another page ("Read more", "Continue reading the main story"), or to
 * label a link to another article ("Read also:"), in the common languages of news sites (regular expressions).
 */
const READ_MORE_PHRASES = [
  ..."read more|read on|read next|read also|also read|more on this|keep reading".split("|"),
  "continue reading(?: the (?:main |full )?(?:story|article))?",
  ..."weiterlesen|mehr lesen|mehr zum thema|lesen sie auch|auch interessant".split("|"),
  ..."lire la suite|lire aussi|à lire aussi|leer más|seguir leyendo|lee también|lea también|lea más|lea(?=\\s*:)".split(
    "|",
  ),
  ..."continua a leggere|leggi anche|leia mais|leia também|czytaj (?:więcej|dalej|też|także)|lees meer|lees ook".split(
    "|",
  ),
  ..."läs mer|läs också|les mer|læs mere|læs også|lue lisää|читать далее|читайте также".split("|"),
];

/** A read-more phrase at the start of a text, as a whole word, with the separators after it. */
const READ_MORE = new RegExp(
  `^(?:${READ_MORE_PHRASES.join("|")})(?![\\p{L}\\p{N}])(?:\\s*(?:[:›»→|]|\\.\\.\\.|…))*\\s*`,
  "iu",
);

/** The first words of the phrases: a text starting with none of them starts no read-more line. */
const READ_MORE_FIRST_WORDS = new Set(READ_MORE_PHRASES.map((phrase) => phrase.split(/[\s(]/)[0]));

/** Elements a read-more line is (a block of inline content) or is written in (a link, a button-like span). */
const READ_MORE_HOLDERS = new Set("P LI DIV SPAN A STRONG B EM I BLOCKQUOTE H2 H3 H4 H5 H6 DD".split(" "));
/** A read-more line is at most this long (characters): a longer text is a sentence or a block of them. */
const READ_MORE_MAX_CHARS = 300;

const collapsed = (element: Element) => (element.textContent ?? "").replace(/\s+/g, " ").trim();

/**
 * Removes read-more lines under `root`, in place: an element whose text is a read-more phrase (see `READ_MORE`)
 * alone, or a phrase followed only by link text (a link to another article), and which holds no other block.
 * The outermost such element goes. Only the elements around a text that starts with a phrase are looked at.
 * Returns how many were removed.
 */
function removeReadMore(root: Element): number {
  const starts: Node[] = [];
  // A text node may hold only the beginning of a phrase (linkedom splits text at character references): its first
  // word says whether the line around it may start with one.
  forVisibleText(root, (text, node) => {
    const first = /^\s*([\p{L}]+)/u.exec(text)?.[1]?.toLowerCase();
    if (first !== undefined && READ_MORE_FIRST_WORDS.has(first)) starts.push(node);
  });
  let removed = 0;
  for (const start of starts) {
    const chain: Element[] = [];
    for (let e = start.parentElement; e && e !== root && !NEVER_FURNITURE.has(e.tagName); e = e.parentElement) {
      if (collapsed(e).length > READ_MORE_MAX_CHARS) break;
      chain.push(e);
    }
    const line = chain.reverse().find((e) => e.isConnected && READ_MORE_HOLDERS.has(e.tagName) && isReadMore(e));
    if (!line) continue;
    let outer: Element = line;
    const text = collapsed(line);
    while (
      outer.parentElement &&
      outer.parentElement !== root &&
      !NEVER_FURNITURE.has(outer.parentElement.tagName) &&
      collapsed(outer.parentElement) === text
    ) {
      outer = outer.parentElement;
    }
    outer.remove();
    removed++;
  }
  return removed;
}

/** Whether an element is a read-more line: a phrase alone, or labelling only link text, and no other block. */
function isReadMore(element: Element): boolean {
  const text = collapsed(element);
  const phrase = READ_MORE.exec(text);
  if (!phrase) return false;
  // A phrase with more after it stands only as a link's label: the rest is link text, the phrase is not.
  if (text.slice(phrase[0].length) !== "") {
    if (element.tagName === "A" || bare(textOutsideLinks(element)) !== bare(phrase[0])) return false;
  }
  return element.querySelector("p, div, li, ul, ol, table, blockquote, figure, img") === null;
}

/** Text with its spaces and read-more separators removed, lower-case: for comparing labels. */
function bare(text: string): string {
  return text.toLowerCase().replace(/[\s.:…»›→|]+/g, "");
}

/** The text of an element outside its links. */
function textOutsideLinks(element: Element): string {
  let text = "";
  walkText(
    element,
    (child) => child.tagName !== "A",
    (value) => {
      text += value;
    },
  );
  return text;
}

/** Elements whose text no reader sees. */
const INVISIBLE = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "svg"]);

/** The length of the text a reader sees in an element (the text of scripts, styles and templates left out). */
export function visibleTextLength(element: Element): number {
  let length = 0;
  forVisibleText(element, (text) => {
    length += text.trim().length;
  });
  return length;
}

/**
 * The text a reader sees in an element: its text nodes in order, each followed by a space (the text of scripts,
 * styles and templates left out).
 */
export function visibleText(element: Element): string {
  const parts: string[] = [];
  forVisibleText(element, (text) => parts.push(text, " "));
  return parts.join("");
}

function forVisibleText(element: Element, visit: (text: string, node: Node) => void): void {
  walkText(element, (child) => !INVISIBLE.has(child.tagName), visit);
}

/**
 * Visits the text nodes under `root` in document order, entering only the elements `enter` accepts. A walk along
 * the tree's links, without recursion: its cost is the nodes visited, whatever the nesting.
 */
function walkText(root: Element, enter: (element: Element) => boolean, visit: (text: string, node: Node) => void) {
  let node: Node | null = root.firstChild;
  while (node !== null) {
    if (node.nodeType === 3) visit(node.nodeValue ?? "", node);
    const child: Node | null = node.nodeType === 1 && enter(node as Element) ? node.firstChild : null;
    if (child !== null) {
      node = child;
      continue;
    }
    while (node !== null && node !== root && node.nextSibling === null) node = node.parentNode;
    node = node === null || node === root ? null : node.nextSibling;
  }
}
