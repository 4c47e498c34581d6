/**
 * Day and month names of the European languages feeds are written in, and the zone names publishers use, as
 * the Universal Feed Parser reads them (https://github.com/kurtmckee/feedparser, `_parse_date_rfc822`).
 */

/** The languages whose day and month names are read. */
export const DATE_LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb"] as const;

// Month names, January first, one list per language; accents are compared without their marks.
const MONTH_NAMES = [
  "january february march april may june july august september october november december", // en
  "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre", // fr
  "januar februar marz april mai juni juli august september oktober november dezember", // de
  "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre", // es
  "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre", // it
  "janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro", // pt
  "januari februari maart april mei juni juli augustus september oktober november december", // nl
  "januari februari mars april maj juni juli augusti september oktober november december", // sv
  "januar februar marts april maj juni juli august september oktober november december", // da
  "januar februar mars april mai juni juli august september oktober november desember", // nb
];
// Abbreviations that are not simply the first letters of a name above.
const MONTH_EXTRAS: [string, number][] = [
  ["jan", 0],
  ["jän", 0],
  ["jänner", 0],
  ["sept", 8],
  ["setiembre", 8],
  ["mrt", 2],
];
const DAY_NAMES = [
  "sunday monday tuesday wednesday thursday friday saturday",
  "dimanche lundi mardi mercredi jeudi vendredi samedi",
  "sonntag montag dienstag mittwoch donnerstag freitag samstag sonnabend",
  "domingo lunes martes miercoles jueves viernes sabado",
  "domenica lunedi martedi mercoledi giovedi venerdi sabato",
  "domingo segunda-feira terca-feira quarta-feira quinta-feira sexta-feira sabado segunda terca quarta quinta sexta",
  "zondag maandag dinsdag woensdag donderdag vrijdag zaterdag",
  "sondag mandag tirsdag onsdag torsdag fredag lordag sondag mandag tisdag onsdag torsdag fredag lordag",
];

/** Lower case without diacritics (`Févr.` → `fevr`), a trailing dot dropped. */
export function foldName(token: string): string {
  return token
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replaceAll("ø", "o")
    .replaceAll("æ", "ae")
    .replace(/\.$/, "");
}

const MONTHS = buildMonths();
const DAY_PREFIXES = new Set(
  DAY_NAMES.flatMap((list) => list.split(" ")).flatMap((name) =>
    Array.from({ length: name.length - 1 }, (_, i) => name.slice(0, i + 2)),
  ),
);

/** The month (0–11) a name or abbreviation means in any of `DATE_LANGUAGES`; undefined when none or ambiguous. */
export function monthOf(token: string): number | undefined {
  return MONTHS.get(foldName(token));
}

/** Whether the token is a day name or an abbreviation of one (two letters at least) in `DATE_LANGUAGES`. */
export function isDayName(token: string): boolean {
  return DAY_PREFIXES.has(foldName(token));
}

/** Every name with its abbreviations of three letters or more; a prefix two months share is left out. */
function buildMonths(): Map<string, number> {
  const months = new Map<string, number>();
  const ambiguous = new Set<string>();
  const add = (key: string, month: number) => {
    const known = months.get(key);
    if (known !== undefined && known !== month) ambiguous.add(key);
    else months.set(key, month);
  };
  for (const list of MONTH_NAMES) {
    list.split(" ").forEach((name, month) => {
      for (let length = 3; length <= name.length; length++) add(name.slice(0, length), month);
    });
  }
  for (const [name, month] of MONTH_EXTRAS) add(foldName(name), month);
  for (const key of ambiguous) months.delete(key);
  return months;
}

/**
 * Offsets in minutes east of UTC of the zone names feeds use. US names without a daylight letter (AT, ET, CT,
 * MT, PT) are standard time, as the Universal Feed Parser reads them.
 */
export const ZONES: Record<string, number> = {
  ...{ z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, west: 60, bst: 60, cet: 60, cest: 120, eet: 120, eest: 180, msk: 180 },
  ...{ met: 60, mest: 120, mez: 60, mesz: 120, ist: 330, sgt: 480, hkt: 480, awst: 480, jst: 540, kst: 540 },
  ...{ ast: -240, adt: -180, at: -240, est: -300, edt: -240, et: -300, cst: -360, cdt: -300, ct: -360 },
  ...{ mst: -420, mdt: -360, mt: -420, pst: -480, pdt: -420, pt: -480, akst: -540, akdt: -480, hst: -600 },
  ...{ nst: -210, ndt: -150, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780 },
};
