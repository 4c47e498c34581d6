import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { caseFold, foldText } from "./fold.ts";

/** Python's `str.casefold` (full case folding) of every assigned code point it knows that folding changes. */
function pythonFoldings(): Map<number, string> | null {
  const script = `
import sys, unicodedata
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF: continue
    c = chr(cp)
    if unicodedata.category(c) == "Cn": continue
    f = c.casefold()
    sys.stdout.write("%x %s\\n" % (cp, " ".join("%x" % ord(x) for x in f)))
`;
  try {
    const out = execFileSync("python3", ["-c", script], { maxBuffer: 64 * 1024 * 1024 }).toString();
    const map = new Map<number, string>();
    for (const line of out.trim().split("\n")) {
      const [cp, ...folded] = line.split(" ").map((hex) => Number.parseInt(hex, 16));
      map.set(cp as number, String.fromCodePoint(...folded));
    }
    return map;
  } catch {
    return null;
  }
}

describe("caseFold", () => {
  const python = pythonFoldings();
  it.skipIf(python === null)("agrees with Python's str.casefold on every code point both know", () => {
    if (python === null) return;
    const differing: string[] = [];
    for (const [cp, folded] of python) {
      const char = String.fromCodePoint(cp);
      // Characters Node's Unicode assigns since Python's may fold there; Python's unassigned ones are not listed.
      if (caseFold(char) !== folded) differing.push(`U+${cp.toString(16)} ${char}`);
    }
    expect(differing).toEqual([]);
    expect(python.size).toBeGreaterThan(100_000);
  });

  it.each([
    ["Straße", "strasse"],
    ["STRAẞE", "strasse"],
    ["ΟΔΥΣΣΕΥΣ", "οδυσσευσ"],
    ["οδυσσεύς", "οδυσσεύσ"],
    ["ﬁnance", "finance"],
    ["İstanbul", "i̇stanbul"],
    ["ıspanak", "ıspanak"],
    ["ᏣᎳᎩ ꮳꮃꭹ", "ᏣᎳᎩ ᏣᎳᎩ"],
    ["ŉ", "ʼn"],
  ])("folds %s to %s", (text, folded) => {
    expect(caseFold(text)).toBe(folded);
  });
});

describe("foldText", () => {
  it.each([
    ["Orbán", "orban"],
    ["Zelenskyy", "zelenskyy"],
    ["Straße", "strasse"],
    ["Æsir Œuvre Søren Łódź Đorđević Iğdır", "aesir oeuvre soren lodz dordevic igdir"],
    ["ıspanak İstanbul", "ispanak istanbul"],
    ["Ελλάδα ΕΛΛΆΔΑ", "ελλαδα ελλαδα"],
    ["Ёлка ЁЛКА", "елка елка"],
    ["أوكرانيا", "اوكرانيا"],
    ["ＵＫＲＡＩＮＥ", "ukraine"],
    ["㎁", "na"],
    ["café CAFÉ cafe\u0301", "cafe cafe cafe"],
    ["ガス", "カス"],
  ])("folds %s to %s", (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it("is idempotent and leaves ASCII lower case alone", () => {
    for (const text of ["Orbán", "㎁", "ΣΊΣΥΦΟΣ", "Łódź", "plain ascii 123"]) {
      expect(foldText(foldText(text))).toBe(foldText(text));
    }
    expect(foldText("Kyiv's War-Time")).toBe("kyiv's war-time");
  });
});
