import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segmenterWordsOf, wordsOf } from "./words.ts";

describe("wordsOf", () => {
  it.each([
    ["Putin's plan", ["putin", "s", "plan"]],
    ["Kyiv’s mayor", ["kyiv", "s", "mayor"]],
    ["l'Ukraine et aujourd’hui", ["l", "ukraine", "et", "aujourd", "hui"]],
    ["Russia-Ukraine war", ["russia", "ukraine", "war"]],
    ["Russia‐Ukraine‑talks", ["russia", "ukraine", "talks"]],
    ["peace. Talks, peace-talks!", ["peace", "talks", "peace", "talks"]],
    ["U.S. aid, $3.5 billion", ["u.s", "aid", "3.5", "billion"]],
    ["Orbán’s Hungary", ["orban", "s", "hungary"]],
    ["Ukr\u00adaine", ["ukraine"]],
    ["🇺🇦 — “Slava!” …", ["slava"]],
    ["", []],
  ])("cuts %s into %j", (text, words) => {
    expect(wordsOf(text)).toEqual(words);
  });

  it("makes each character a word in Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar", () => {
    expect(wordsOf("习近平在北京会见普京")).toEqual(["习", "近", "平", "在", "北", "京", "会", "见", "普", "京"]);
    expect(wordsOf("東京でコーヒー")).toEqual(["東", "京", "て", "コ", "ー", "ヒ", "ー"]);
    expect(wordsOf("ยูเครน")).toEqual(["ย", "เ", "ค", "ร", "น"]);
    expect(wordsOf("ລາວ")).toEqual(["ລ", "າ", "ວ"]);
    expect(wordsOf("កម្ពុជា")).toEqual(["ក", "ម", "ព", "ជ"]);
    // Combining marks go with folding (Myanmar medial ra is one): the letters stay, each a word.
    expect(wordsOf("မြန်မာ")).toEqual(["မ", "န", "မ"]);
    // Other letters inside such a segment stay whole words.
    expect(wordsOf("iPhone用アプリ")).toEqual(["iphone", "用", "ア", "フ", "リ"]);
  });

  it("keeps words of scripts written with spaces whole", () => {
    expect(wordsOf("Війна в Україні")).toEqual(["віина", "в", "украіні"]);
    expect(wordsOf("الحرب في أوكرانيا")).toEqual(["الحرب", "في", "اوكرانيا"]);
    expect(wordsOf("Πόλεμος στην Ουκρανία")).toEqual(["πολεμοσ", "στην", "ουκρανια"]);
    expect(wordsOf("한국의 경제")).toHaveLength(2);
  });
});

describe("wordsOf's shortcut", () => {
  /** Every code point of the shortcut's alphabet and its neighbours (one Han ideograph in 16: they are one class). */
  const alphabet = (() => {
    const letters = /[\p{sc=Latn}\p{sc=Grek}\p{sc=Cyrl}\p{sc=Arab}\p{sc=Han}\p{sc=Hira}\p{sc=Kana}]/u;
    const out: string[] = [...` \t\n\r!"#$%&()*+-/<=>?@[\\]^\`{|}~«»“”„…—–‹›¡¿§©®°×÷、。「」『』:·'.’‘,;`];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const char = String.fromCodePoint(cp);
      if (/\p{Nd}/u.test(char) || (/\p{L}/u.test(char) && letters.test(char))) {
        if (/\p{sc=Han}/u.test(char) && /\p{Lo}/u.test(char) && cp % 16 !== 0) continue;
        out.push(char);
      }
    }
    return out;
  })();

  it("cuts every character of its alphabet, in every context, as the segmenter does", () => {
    const contexts = (c: string) => [
      c,
      `ab${c}cd`,
      `12${c}34`,
      `ab${c}34`,
      `12${c}cd`,
      `${c}${c}`,
      `用${c}a`,
      `カ${c}カ`,
      `a${c}カ`,
      `x ${c}. ${c}'s`,
    ];
    const differing: string[] = [];
    for (const char of alphabet) {
      for (const text of contexts(char)) {
        const fast = wordsOf(text);
        const reference = segmenterWordsOf(text);
        if (JSON.stringify(fast) !== JSON.stringify(reference))
          differing.push(`${JSON.stringify(text)}: ${JSON.stringify(fast)} ≠ ${JSON.stringify(reference)}`);
      }
    }
    expect(differing.slice(0, 20)).toEqual([]);
    expect(alphabet.length).toBeGreaterThan(5_000);
  });

  it("gives the segmenter's words for any text of its alphabet", () => {
    const common = [..."abcxyzαβγабвابت用京カナひ0123456789 .,;:'’‘-·!?()\"“”—…"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...common, ...alphabet.slice(0, 400)), { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(wordsOf(text)).toEqual(segmenterWordsOf(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the segmenter's words for text mixing its alphabet with other characters, piece by piece", () => {
    const others = [...'ยูเครนລາວ_🇺🇦👍🏻\u200d\u00adְשלום"ー々ー한국', "\u200b", "\u202f", "\u00a0"];
    const common = [..."abc αβγ абв 用カ 0123 .,;:'’ -!“"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...common, ...others, " ", " "), { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(wordsOf(text)).toEqual(segmenterWordsOf(text));
      }),
      { numRuns: 5000 },
    );
  });
});
