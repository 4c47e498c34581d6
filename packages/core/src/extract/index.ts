/** Full text: the article of a web page, cleaned as feed content is (`npm run extract`, polling's full text). */
export {
  type Extraction,
  type ExtractOptions,
  extractArticle,
  type NotArticle,
  type NotArticleKind,
} from "./extract.ts";
export { decodePage, type Page, parsePage } from "./page.ts";
export { countWords, wordsOf } from "./words.ts";
