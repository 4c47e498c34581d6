/**
 * Tricky titles and summaries in several languages, each with the topics a reader would file it under, for the
 * topics of `TRICKY_TOPICS`. Words inside other words, apostrophes, hyphens, diacritics, case, scripts written
 * without spaces, phrases across punctuation and excludes.
 */
import type { MatchField } from "../matcher.ts";

/** The topics the rows are judged against. */
export const TRICKY_TOPICS: { slug: string; include?: string[]; exclude?: string[]; match?: MatchField[] }[] = [
  {
    slug: "ukraine-war",
    include: [
      "ukrain*",
      "kyiv",
      "kiev",
      "russia",
      "putin",
      "zelensk*",
      "kremlin",
      "україн*",
      "украин*",
      "київ",
      "乌克兰",
      "ウクライナ",
      "ยูเครน",
      "أوكرانيا",
      "ουκραν*",
    ],
    exclude: ["sponsored"],
  },
  { slug: "trump", include: ["trump"] },
  { slug: "war", include: ["war", "guerre", "krieg", "wojna", "війна", "战争"] },
  { slug: "peace-talks", include: ["peace talks", "ceasefire", "cease fire", "waffenstillstand", "停火"] },
  { slug: "hungary", include: ["orban", "hungar*", "magyar*"] },
  { slug: "germany", include: ["deutschland", "strasse", "grosse"] },
  { slug: "poland", include: ["lodz", "walesa", "polska", "warsaw", "warszawa"] },
  { slug: "turkey", include: ["istanbul", "ispanak", "turkiye"] },
  { slug: "body", include: ["kyiv"], match: ["content"] },
];

/** One row: an item's text and the topics it belongs to. */
export interface TrickyRow {
  title: string;
  summary?: string;
  categories?: string[];
  contentHtml?: string;
  topics: string[];
}

export const TRICKY_ROWS: TrickyRow[] = [
  { title: "Cloud computing costs fall again", topics: [] },
  { title: "The award goes to a software engineer", topics: [] },
  { title: "Warsaw hosts a jazz festival", topics: ["poland"] },
  { title: "Trumpet festival opens in Vienna", summary: "A trumpeter's world tour begins", topics: [] },
  { title: "A Prussian palace restored in Potsdam", topics: [] },
  { title: "Trump names a new envoy", topics: ["trump"] },
  { title: "Trump's envoy meets Putin", topics: ["trump", "ukraine-war"] },
  { title: "Kyiv's mayor warns of a hard winter", topics: ["ukraine-war"] },
  { title: "Kyiv’s metro becomes a shelter", topics: ["ukraine-war"] },
  { title: "La France et l'Ukraine signent un accord", topics: ["ukraine-war"] },
  { title: "Macron : « la guerre en l’Ukraine n’est pas finie »", topics: ["ukraine-war", "war"] },
  { title: "Russia-Ukraine peace-talks stall in Istanbul", topics: ["ukraine-war", "peace-talks", "turkey"] },
  { title: "Orbán blocks the EU package", topics: ["hungary"] },
  { title: "ORBAN AND THE HUNGARIAN VETO", topics: ["hungary"] },
  { title: "Zelenskyy addresses Congress", topics: ["ukraine-war"] },
  { title: "Zelenskiy: no deal without Kyiv", topics: ["ukraine-war"] },
  { title: "Zelensky's ten-point plan", topics: ["ukraine-war"] },
  { title: "Ukrainian grain leaves Odesa", topics: ["ukraine-war"] },
  { title: "Pro-Ukrainian rally in Berlin", topics: ["ukraine-war"] },
  { title: "The Ukrainians who stayed", topics: ["ukraine-war"] },
  { title: "Ukulele makers in Ukiah", topics: [] },
  { title: "Kremlin says talks are 'premature'", topics: ["ukraine-war"] },
  { title: "No peace. Talks collapse in Doha", topics: ["peace-talks"] },
  { title: "Talks about peace in our time", topics: [] },
  { title: "A cease-fire holds in Gaza", topics: ["peace-talks"] },
  { title: "Ceasefire talks", summary: "Sponsored content from a Ukrainian bank", topics: ["peace-talks"] },
  { title: "Ukraine bonds rally", summary: "Sponsored", topics: [] },
  { title: "Market wrap", categories: ["Ukraine", "Markets"], topics: ["ukraine-war"] },
  { title: "Market wrap", categories: ["World peace", "Talks"], topics: [] },
  { title: "Market wrap", categories: ["Peace talks"], topics: ["peace-talks"] },
  { title: "Weekly digest", contentHtml: "<p>Air raid sirens in <b>Kyiv</b> again.</p>", topics: ["body"] },
  { title: "Weekly digest", contentHtml: "<p>Kyivstar shares rise</p>", topics: [] },
  { title: "Der Krieg und die Große Politik", topics: ["war", "germany"] },
  { title: "Sperrung der Hauptstraße in Köln", topics: [] },
  { title: "STRASSE GESPERRT", summary: "Die Straße bleibt zu", topics: ["germany"] },
  { title: "Waffenstillstand an der Front", topics: ["peace-talks"] },
  { title: "Kriegsgefahr steigt", topics: [] },
  { title: "Wieczór w Łodzi", topics: [] },
  { title: "Wałęsa odwiedza Łódź", topics: ["poland"] },
  { title: "Wojna w Ukrainie trwa", topics: ["war", "ukraine-war"] },
  { title: "Polska i wojna", topics: ["poland", "war"] },
  { title: "İstanbul'da zirve başladı", topics: ["turkey"] },
  { title: "Ispanak fiyatları yükseldi", summary: "ıspanak ve pırasa", topics: ["turkey"] },
  { title: "TÜRKİYE ekonomisi", topics: ["turkey"] },
  { title: "Η Ουκρανία ζητά όπλα", topics: ["ukraine-war"] },
  { title: "ΟΥΚΡΑΝΊΑ: ΝΈΑ ΕΠΊΘΕΣΗ", topics: ["ukraine-war"] },
  { title: "Війна в Україні: новини", topics: ["war", "ukraine-war"] },
  { title: "Обстріл Києва вночі", topics: [] },
  { title: "Київ без світла", topics: ["ukraine-war"] },
  { title: "Украинские беженцы в Европе", topics: ["ukraine-war"] },
  { title: "俄罗斯与乌克兰举行新一轮谈判", topics: ["ukraine-war"] },
  { title: "克兰先生的书店", topics: [] },
  { title: "双方同意停火", summary: "战争进入第三年", topics: ["peace-talks", "war"] },
  { title: "停车场火灾", topics: [] },
  { title: "ウクライナ情勢について", topics: ["ukraine-war"] },
  { title: "クライナー氏が来日", topics: [] },
  { title: "สงครามในยูเครนยังคงดำเนินต่อไป", topics: ["ukraine-war"] },
  { title: "ข่าวเศรษฐกิจไทย", topics: [] },
  { title: "الحرب في أوكرانيا تدخل عامها الثالث", topics: ["ukraine-war"] },
  { title: "الحرب في اوكرانيا", topics: ["ukraine-war"] },
  { title: "الأوكرانيون يعودون", topics: [] },
  { title: "Magyarország és az EU", topics: ["hungary"] },
  { title: "U.S. aid to Kyiv—$3.5 billion", topics: ["ukraine-war"] },
  { title: "Putinism explained", topics: [] },
  { title: "#Ukraine #Kyiv trending", topics: ["ukraine-war"] },
  { title: "Ukr\u00adaine’s soft-hyphenated headline", topics: ["ukraine-war"] },
  { title: "ＵＫＲＡＩＮＥ in full-width letters", topics: ["ukraine-war"] },
  { title: "Postwar Europe", summary: "The war-time economy", topics: ["war"] },
];
