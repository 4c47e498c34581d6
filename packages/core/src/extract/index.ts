/** Full text: the article of a web page, cleaned as feed content is (`npm run extract`, polling's full text). */
export { type ArticleVerdict, isTheArticle, SUMMARY_WORDS_HELD } from "./article-rule.ts";
export { type Extraction, type ExtractOptions, extractArticle } from "./extract.ts";
export { type PageMetadata, pageMetadata } from "./metadata.ts";
export { MIN_ARTICLE_WORDS, type NotArticle, type NotArticleKind } from "./not-article.ts";
export { decodePage, type Page, parsePage } from "./page.ts";
export { countWords, wordsOf } from "./words.ts";
