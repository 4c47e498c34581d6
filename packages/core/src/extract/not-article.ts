/**
 * Pages that are not an article — an error page, a cookie wall, a paywall teaser, a home page or a listing of
 * other pages — told from what was extracted and what the page says about itself. Each rule asks for strong
 * evidence: refusing a real article loses it, while a page let through is still judged by the feed's text.
 */
import type { PageMetadata } from "./metadata.ts";
import { wordsOf, wordsPhrase } from "./words.ts";

/** Why a page gave no article. */
export type NotArticleKind =
  | "no-article"
  | "too-short"
  | "error-page"
  | "cookie-wall"
  | "paywall"
  | "home-page"
  | "listing"
  | "not-the-article"
  | "not-text"
  | "too-deep"
  | "too-many-elements";

/** Why a page gave no article: its kind and a sentence for people. */
export interface NotArticle {
  kind: NotArticleKind;
  message: string;
}

/** What the rules look at: the article found (its text, its words, its link text) and the page. */
export interface Evidence {
  url: string;
  /** The page's `<title>` and first `h1`, as text. */
  pageTitle: string;
  text: string;
  words: number;
  /** Characters of the article's text inside links. */
  linkChars: number;
  /** Words a reader sees on the whole page (its body, scripts and styles left out), before anything is removed. */
  pageWords: number;
  metadata: PageMetadata;
}

/** Fewer words than this, on a page that shows more, are no article (a teaser, what is left of a failed find). */
export const MIN_ARTICLE_WORDS = 15;

// What a page says while its content is not there: it loads, it needs scripts, it is not ready.
const PLACEHOLDER_TEXT =
  /\b(?:loading|please wait|enable javascript|javascript (?:is )?(?:required|disabled|needed)|requires javascript|coming soon|under construction|redirecting)\b/i;

// "Not found" and server errors as titles say them, in the common languages of news sites.
const ERROR_TITLE =
  /\b(?:404|410|500|503)\b|page not found|not found|no longer available|page (?:does not|doesn't) exist|error occurred|seite nicht gefunden|nicht gefunden|página no encontrada|no encontrada|page introuvable|page non trouvée|pagina non trovata|pagina niet gevonden|strona nie (?:została )?znalezion|sidan hittades inte|siden blev ikke fundet|página não encontrada|странница не найдена|страница не найдена/i;

// Words of consent dialogs; a cookie wall's text is mostly these.
const CONSENT_WORDS = new Set([
  ..."cookie cookies consent consents privacy partners partner vendors vendor tracking personalised personalized".split(
    " ",
  ),
  ..."accept agree settings preferences advertising datenschutz einwilligung zustimmen akzeptieren cookie-einstellungen".split(
    " ",
  ),
  ..."partner consentement accepter confidentialité aceptar privacidad consentimiento accetta privacy consenso".split(
    " ",
  ),
]);

// What paywall teasers say where the article stops.
const PAYWALL_TEXT =
  /subscribe to (?:continue|read)|to continue reading|already a subscriber|this (?:article|content) is (?:for|available to|only for) (?:subscribers|members)|sign in to read|jetzt (?:abonnieren|weiterlesen)|weiterlesen mit|abonnez-vous pour lire|réservé aux abonnés|contenido exclusivo para suscriptores|suscríbete para (?:seguir|continuar) leyendo/i;

/**
 * Why the page is not an article, or null when it may be one. In order: an error page (its title says 404 or
 * "not found" and under 150 words are left); a cookie wall (under 400 words, of which one in 25 is consent
 * vocabulary); a paywall teaser (the publisher marks the article `isAccessibleForFree: false` or the text asks to
 * subscribe, and under 300 words are left); no words; too few words (under `MIN_ARTICLE_WORDS`) on a page that
 * shows at least that many, or a placeholder's words ("Loading…", "Please enable JavaScript") — a page with
 * nothing but a few words is its own article; a home page (the site's root address, not marked as an article,
 * and more than a third of the text in links); a listing (more than half the text in links, or a schema.org
 * collection with more than a third).
 */
export function notArticle(evidence: Evidence): NotArticle | null {
  const { words, text, pageTitle, metadata } = evidence;
  const linkShare = text.length === 0 ? 0 : evidence.linkChars / text.length;
  if (ERROR_TITLE.test(pageTitle) && words < 150) {
    return { kind: "error-page", message: `not an article: an error page ("${pageTitle.slice(0, 80)}")` };
  }
  if (words < 400 && words > 0) {
    const consent = wordsOf(text).filter((word) => CONSENT_WORDS.has(word)).length;
    if (consent >= 3 && consent / words >= 0.04) {
      return { kind: "cookie-wall", message: "not an article: a cookie or consent wall" };
    }
  }
  if (words < 300 && (metadata.paywalled || PAYWALL_TEXT.test(text))) {
    return { kind: "paywall", message: `not an article: a paywall teaser (${wordsPhrase(words)})` };
  }
  if (words === 0) return { kind: "no-article", message: "no article found" };
  if (words < MIN_ARTICLE_WORDS && (evidence.pageWords >= MIN_ARTICLE_WORDS || PLACEHOLDER_TEXT.test(text))) {
    return { kind: "too-short", message: `not an article: only ${wordsPhrase(words)}` };
  }
  const articleMarked =
    metadata.ogType === "article" || /Article|Posting|Report|Review/.test(metadata.schemaType ?? "");
  if (!articleMarked && isSiteRoot(evidence.url) && linkShare > 0.33) {
    return { kind: "home-page", message: "not an article: a site's home page" };
  }
  if (linkShare > 0.5) {
    return { kind: "listing", message: "not an article: a list of links to other pages" };
  }
  if (/^(?:CollectionPage|ItemList|SearchResultsPage)$/.test(metadata.schemaType ?? "") && linkShare > 0.33) {
    return { kind: "listing", message: `not an article: a ${metadata.schemaType}` };
  }
  return null;
}

/** Whether a URL is a site's root (`/`, `/index.html`, a language root such as `/en/`), query aside. */
function isSiteRoot(url: string): boolean {
  try {
    const { pathname } = new URL(url);
    return /^\/(?:[a-z]{2}(?:-[a-z]{2})?\/?)?(?:index\.\w+)?$/i.test(pathname);
  } catch {
    return false;
  }
}
