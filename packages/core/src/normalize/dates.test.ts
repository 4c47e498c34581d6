import { describe, expect, it } from "vitest";
import { parseDate } from "./dates.ts";

describe("parseDate", () => {
  it.each([
    // RFC 822 / 2822
    ["Fri, 05 Jan 2024 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 +0000", "2024-01-05T10:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 -0500", "2024-01-05T15:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 +05:30", "2024-01-05T04:30:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 UT", "2024-01-05T10:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 Z", "2024-01-05T10:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 EST", "2024-01-05T15:00:00.000Z"],
    ["Fri, 05 Jul 2024 10:00:00 EDT", "2024-07-05T14:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 CST", "2024-01-05T16:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 MDT", "2024-01-05T16:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 PST", "2024-01-05T18:00:00.000Z"],
    ["Fri, 05 Jul 2024 10:00:00 PDT", "2024-07-05T17:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 CET", "2024-01-05T09:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 A", "2024-01-05T09:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 M", "2024-01-04T22:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 N", "2024-01-05T11:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 Y", "2024-01-05T22:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 GMT+2", "2024-01-05T08:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 GMT-05:00", "2024-01-05T15:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00 +0000 (UTC)", "2024-01-05T10:00:00.000Z"],
    // broken RFC 822
    ["05 Jan 2024 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Friday, 05 January 2024 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Fri, 5 jan 2024 10:00 gmt", "2024-01-05T10:00:00.000Z"],
    ["Fri, 05 JAN 2024 10:00:00", "2024-01-05T10:00:00.000Z"],
    ["Fri, 05 Jan 24 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Thu, 05 Jan 99 10:00:00 GMT", "1999-01-05T10:00:00.000Z"],
    ["Fri 05 Jan 2024 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Fri,05 Jan 2024 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Sept 5, 2024", "2024-09-05T00:00:00.000Z"],
    ["Jan 5, 2024 10:00 PM", "2024-01-05T22:00:00.000Z"],
    ["Jan 5, 2024 12:30 am", "2024-01-05T00:30:00.000Z"],
    ["January 5, 2024 at 10:00", "2024-01-05T10:00:00.000Z"],
    ["5-Jan-2024 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Fri, 05 Jan 2024 10:00:00+0100", "2024-01-05T09:00:00.000Z"],
    ["Fri, 05 Jan 2024", "2024-01-05T00:00:00.000Z"],
    ["Fri,  05   Jan\n2024 10:00:00 GMT", "2024-01-05T10:00:00.000Z"],
    ["Wed, 1 Jun 2005 19:00:00 GMT", "2005-06-01T19:00:00.000Z"],
    // ISO 8601 and friends
    ["2024-01-05T10:00:00Z", "2024-01-05T10:00:00.000Z"],
    ["2024-01-05T10:00:00.123Z", "2024-01-05T10:00:00.123Z"],
    ["2024-01-05T10:00:00.123456789+00:00", "2024-01-05T10:00:00.123Z"],
    ["2024-01-05T10:00:00+01:00", "2024-01-05T09:00:00.000Z"],
    ["2024-01-05T10:00:00-0800", "2024-01-05T18:00:00.000Z"],
    ["2024-01-05T10:00:00+01", "2024-01-05T09:00:00.000Z"],
    ["2024-01-05T10:00Z", "2024-01-05T10:00:00.000Z"],
    ["2024-01-05 10:00:00", "2024-01-05T10:00:00.000Z"],
    ["2024-01-05 10:00:00 UTC", "2024-01-05T10:00:00.000Z"],
    ["2024-01-05t10:00:00z", "2024-01-05T10:00:00.000Z"],
    ["2024-01-05", "2024-01-05T00:00:00.000Z"],
    ["2024/01/05 10:00", "2024-01-05T10:00:00.000Z"],
    ["20240105T100000Z", "2024-01-05T10:00:00.000Z"],
    ["2016-12-31T23:59:60Z", "2016-12-31T23:59:59.000Z"],
    ["  2024-01-05T10:00:00Z  ", "2024-01-05T10:00:00.000Z"],
  ])("%s → %s", (raw, expected) => {
    expect(parseDate(raw)?.toISOString()).toBe(expected);
  });

  it.each([
    [""],
    ["   "],
    ["not a date"],
    ["1518478934"],
    ["2024-13-05"],
    ["2024-02-30T10:00:00Z"],
    ["2024-01-05T25:00:00Z"],
    ["Fri, 32 Jan 2024 10:00:00 GMT"],
    ["Fri, 05 Foo 2024 10:00:00 GMT"],
    ["Fri, 05 Jan 2024 10:00:00 XYZ"],
    ["Jan 2024"],
    ["Jan 5, 2024 13:00 PM"],
    ["1970-01-01T00:00:00Z"],
    ["0001-01-01T00:00:00Z"],
    ["Fri, 05 Jan 2024 10:00:00 +9900"],
    [`${"1".repeat(200)}`],
    [null],
    [undefined],
  ])("%s is unusable", (raw) => {
    expect(parseDate(raw)).toBeNull();
  });
});

describe("parseDate in the European languages feeds are written in", () => {
  // Written out here, independently of the reader's own tables: [language, day name, month names Jan–Dec].
  const LANGUAGES: [string, string, string[]][] = [
    ["fr", "dim.", ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]],
    ["de", "So", ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]],
    ["es", "dom", ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]],
    ["it", "dom", ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]],
    ["pt", "dom", ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]],
    ["nl", "zo", ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]],
    ["sv", "sön", ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]],
    ["da", "søn", ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]],
    ["nb", "søn", ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]],
  ];
  const FULL: [string, string[]][] = [
    [
      "fr",
      [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
      ],
    ],
    [
      "de",
      [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
      ],
    ],
    [
      "es",
      [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
      ],
    ],
    [
      "it",
      [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
      ],
    ],
    [
      "pt",
      [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
      ],
    ],
    [
      "nl",
      [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
      ],
    ],
    [
      "sv",
      [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
      ],
    ],
    [
      "da",
      [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
      ],
    ],
    [
      "nb",
      [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
      ],
    ],
  ];
  const iso = (month: number) => `2022-${String(month + 1).padStart(2, "0")}-02T08:00:00.000Z`;

  it.each(LANGUAGES)("reads %s abbreviated day and month names", (_language, dayName, months) => {
    months.forEach((month, index) => {
      expect(parseDate(`${dayName}, 02 ${month} 2022 10:00:00 +0200`)?.toISOString()).toBe(iso(index));
      expect(parseDate(`${dayName.toUpperCase()}, 2 ${month.toUpperCase()} 2022 10:00:00 +0200`)?.toISOString()).toBe(
        iso(index),
      );
    });
  });

  it.each(FULL)("reads %s full month names", (_language, months) => {
    months.forEach((month, index) => {
      expect(parseDate(`02 ${month} 2022 10:00:00 +0200`)?.toISOString()).toBe(iso(index));
    });
  });

  it.each([
    ["Italian", "dom, 02 ott 2022 10:00:00 +0200", "2022-10-02T08:00:00.000Z"],
    ["Spanish Tuesday that looks like March", "mar, 04 oct 2022 10:00:00 +0200", "2022-10-04T08:00:00.000Z"],
    ["English March", "Mar 4, 2022", "2022-03-04T00:00:00.000Z"],
    ["Spanish with de", "martes, 4 de octubre de 2022 10:00 +0200", "2022-10-04T08:00:00.000Z"],
    ["German full day name", "Sonntag, 2. Oktober 2022 10:00:00 +0200", "2022-10-02T08:00:00.000Z"],
  ])("reads %s", (_name, raw, expected) => {
    expect(parseDate(raw)?.toISOString()).toBe(expected);
  });
});

describe("parseDate zone names", () => {
  it.each([
    ["MET", "2022-01-02T09:00:00.000Z"],
    ["MEST", "2022-01-02T08:00:00.000Z"],
    ["CET", "2022-01-02T09:00:00.000Z"],
    ["CEST", "2022-01-02T08:00:00.000Z"],
    ["MEZ", "2022-01-02T09:00:00.000Z"],
    ["MESZ", "2022-01-02T08:00:00.000Z"],
    ["Etc/GMT+5", "2022-01-02T15:00:00.000Z"],
    ["Etc/GMT-3", "2022-01-02T07:00:00.000Z"],
    ["Etc/GMT", "2022-01-02T10:00:00.000Z"],
    ["AT", "2022-01-02T14:00:00.000Z"],
    ["ET", "2022-01-02T15:00:00.000Z"],
    ["CT", "2022-01-02T16:00:00.000Z"],
    ["MT", "2022-01-02T17:00:00.000Z"],
    ["PT", "2022-01-02T18:00:00.000Z"],
  ])("reads %s", (zone, expected) => {
    expect(parseDate(`Sun, 02 Jan 2022 10:00:00 ${zone}`)?.toISOString()).toBe(expected);
  });

  it("still reads 'at' before the time as a word", () => {
    expect(parseDate("January 5, 2024 at 10:00 PT")?.toISOString()).toBe("2024-01-05T18:00:00.000Z");
  });
});
