import { describe, expect, it } from "vitest";
import { wordsOf } from "./words.ts";

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
