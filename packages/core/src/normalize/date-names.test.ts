import { describe, expect, it } from "vitest";
import { parseDate } from "./dates.ts";

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
