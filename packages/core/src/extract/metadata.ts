/**
 * What a page says about its article besides its markup: schema.org JSON-LD (an `Article` and its kinds: its
 * `articleBody`, `headline`, `image`, `isAccessibleForFree`) and Open Graph / Twitter card tags (`og:image`,
 * `og:type`, `og:title`). Evidence for choosing the article and its image, never trusted as markup.
 */

/** A page's article metadata; every field null when the page does not say. */
export interface PageMetadata {
  /** schema.org `articleBody`: the article's text as the publisher gives it (plain text). */
  articleBody: string | null;
  /** schema.org `headline`, else `og:title`. */
  headline: string | null;
  /** `og:image`, else `twitter:image`, else schema.org `image`: as written (resolve it against the page). */
  image: string | null;
  /** `og:type` (`article`, `website`…), lower-case. */
  ogType: string | null;
  /** schema.org `@type` of the page's main entity (`NewsArticle`, `WebPage`, `CollectionPage`…). */
  schemaType: string | null;
  /** schema.org `isAccessibleForFree` is false: the publisher says the article is behind a paywall. */
  paywalled: boolean;
}

// schema.org types that are an article (https://schema.org/Article and its subtypes) or carry one.
const ARTICLE_TYPES =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|Review|Recipe|HowTo)$/;

type Json = Record<string, unknown>;

/** The JSON-LD objects of a page, `@graph` members and arrays flattened; unreadable blocks skipped. */
function jsonLdObjects(document: Document): Json[] {
  const objects: Json[] = [];
  const add = (value: unknown, depth: number) => {
    if (depth > 3 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const member of value) add(member, depth + 1);
      return;
    }
    const object = value as Json;
    objects.push(object);
    if (Array.isArray(object["@graph"])) add(object["@graph"], depth + 1);
    if (object.mainEntity && typeof object.mainEntity === "object") add(object.mainEntity, depth + 1);
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    const text = (script.textContent ?? "").replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, "").trim();
    if (text === "") continue;
    try {
      add(JSON.parse(text), 0);
    } catch {
      // A JSON-LD block that is not JSON is no evidence.
    }
  }
  return objects;
}

function types(object: Json): string[] {
  const type = object["@type"];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === "string").map((t) => t.replace(/^https?:\/\/schema\.org\//, ""));
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (Array.isArray(value)) return text(value[0]);
  return null;
}

function imageOf(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (Array.isArray(value)) return imageOf(value[0]);
  if (value && typeof value === "object") return text((value as Json).url) ?? text((value as Json).contentUrl);
  return null;
}

function meta(document: Document, ...names: string[]): string | null {
  for (const name of names) {
    const element = document.querySelector(`meta[property="${name}" i], meta[name="${name}" i]`);
    const content = element?.getAttribute("content")?.trim();
    if (content) return content;
  }
  return null;
}

/**
 * Reads a page's article metadata from its JSON-LD (the first object of an article type, `@graph` and
 * `mainEntity` included; https://schema.org/Article) and its Open Graph (https://ogp.me) and Twitter card tags.
 * Call it before anything removes the page's scripts.
 * @example pageMetadata(document).articleBody // "Talks in Geneva ended…" or null
 */
export function pageMetadata(document: Document): PageMetadata {
  const objects = jsonLdObjects(document);
  const article = objects.find((object) => types(object).some((type) => ARTICLE_TYPES.test(type)));
  const main = article ?? objects.find((object) => types(object).length > 0);
  const free = article?.isAccessibleForFree;
  return {
    articleBody: text(article?.articleBody) ?? text(article?.text),
    headline: text(article?.headline) ?? meta(document, "og:title"),
    image:
      meta(document, "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src") ??
      imageOf(article?.image) ??
      imageOf(article?.thumbnailUrl),
    ogType: meta(document, "og:type")?.toLowerCase() ?? null,
    schemaType: main ? (types(main)[0] ?? null) : null,
    paywalled: free === false || free === "False" || free === "false",
  };
}
