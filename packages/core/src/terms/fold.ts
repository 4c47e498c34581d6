/**
 * The folding rule of terms: case and diacritics ignored, so "Orbán", "ORBAN" and "orban" are one word.
 * Unicode case folding, then NFKD without combining marks, then ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ→d, ı→i.
 */

/** Only ASCII: case folding is `toLowerCase` and NFKD changes nothing. */
const ASCII = /^[\p{ASCII}]*$/u;
/** Cherokee small letters: Unicode case folding maps them to the capital letters (CaseFolding.txt). */
const CHEROKEE_SMALL = /[\u13f8-\u13fd\uab70-\uabbf]/g;
/** Combining marks (General_Category M: Mn, Mc, Me), left alone by NFKD beside their base letters. */
const COMBINING_MARKS = /\p{M}/gu;
/** Letters NFKD does not decompose that the rule maps all the same (upper case is folded before). */
const LETTERS = /[ßæœøłđı]/g;
const LETTER_MAP: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ı: "i",
};

/** Full case folding of a string without the two letters where upper-then-lower case differs from it. */
function foldRun(text: string): string {
  // Upper case then lower case folds every character as CaseFolding.txt's C and F mappings do, but for the
  // context of final sigma (lower case writes ς at a word's end: folding is σ), Cherokee small letters (folding
  // gives the capitals) and ẞ (lower case gives ß: folding gives ss). ı is kept apart by the caller.
  const lower = text.replaceAll("ẞ", "ss").toUpperCase().toLowerCase().replaceAll("ς", "σ");
  return CHEROKEE_SMALL.test(lower) ? lower.replace(CHEROKEE_SMALL, (c) => c.toUpperCase()) : lower;
}

/**
 * Unicode full case folding (the C and F mappings of the Unicode Character Database's CaseFolding.txt, without
 * the Turkic T mappings), as Python's `str.casefold` does: "Straße" → "strasse", "ΣΊΣΥΦΟΣ" → "σίσυφοσ",
 * "ﬁ" → "fi"; dotless ı stays ı, as it has no folding.
 * @example caseFold("ẞ Kyiv") // "ss kyiv"
 */
export function caseFold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  // Upper case of ı is I, which would fold to i: ı has no folding of its own.
  return text.includes("ı") ? text.split("ı").map(foldRun).join("ı") : foldRun(text);
}

/**
 * The folding rule of terms: `caseFold`, then NFKD with every combining mark removed, then ß→ss, æ→ae, œ→oe,
 * ø→o, ł→l, đ→d, ı→i. Case folding runs once more when NFKD brought back capitals (㎁ → nA → na), so that
 * folding what is folded changes nothing. Linear in the input.
 * @example foldText("Orbán Zelenskyy Łódź Straße") // "orban zelenskyy lodz strasse"
 */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const folded = caseFold(text)
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(LETTERS, (c) => LETTER_MAP[c] ?? c);
  const again = caseFold(folded);
  return again === folded ? folded : foldText(again);
}
