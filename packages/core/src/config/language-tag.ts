/** BCP 47 language tags (RFC 5646), as the configuration and the feeds' language use them. */

const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/**
 * `value` as a canonical BCP 47 language tag (RFC 5646, canonical case: `en-US`, `zh-Hant-TW`), or `null` when it is
 * not well-formed or its primary language is not one the Unicode CLDR knows (so `xx`, `und`, `english`, `en_US`
 * give `null`). The W3C Feed Validator reports a language whose primary subtag is no ISO 639 code as an error;
 * CLDR's languages are ISO 639 codes.
 * @example languageTag("EN-us") // "en-US"
 */
export function languageTag(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  let tag: string | undefined;
  try {
    tag = Intl.getCanonicalLocales(value.trim())[0];
  } catch {
    return null;
  }
  if (tag === undefined) return null;
  try {
    return LANGUAGE_NAMES.of(new Intl.Locale(tag).language) === undefined ? null : tag;
  } catch {
    return null;
  }
}
