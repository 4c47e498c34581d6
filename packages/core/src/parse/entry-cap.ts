/** The one rule of which entries a feed longer than `MAX_ENTRIES` keeps, whatever its format. */
import { readEntryDates } from "../normalize/dates.ts";
import { MAX_ENTRIES, type RawEntry } from "./types.ts";

/** What ranks an entry: its raw dates, as `RawEntry` holds them. */
export type EntryDates = Pick<RawEntry, "published" | "updated">;

/**
 * The entries a feed keeps, in document order: all of them when there are at most `max` (the array itself); else
 * the `max` newest by publication date, whatever order the feed lists them in. An entry's publication date is
 * read as `normalizeEntry` reads it (`readEntryDates`: the first readable published date, else the first readable
 * updated one). Entries without one rank below every dated entry: their age is unknown, so they only fill the
 * places the dated ones leave. Ties (the same instant, or no date) go by document order in the direction the
 * feed's dates run: a feed whose last dated entry is newer than its first lists oldest first, and its later
 * entries win; any other feed's earlier entries win, so a feed without dates keeps its first `max`.
 * `datesOf` gives an entry's dates; it is called once per entry, and only when the feed is over `max`.
 * @example keptEntries(items, itemDates) // an RSS feed's items: all of them, or the newest MAX_ENTRIES
 */
export function keptEntries<T>(entries: T[], datesOf: (entry: T) => EntryDates, max = MAX_ENTRIES): T[] {
  if (entries.length <= max) return entries;
  const times = entries.map((entry) => readEntryDates(datesOf(entry)).published?.getTime() ?? null);
  const dated = times.filter((time): time is number => time !== null);
  const oldestFirst = dated.length > 1 && (dated.at(-1) as number) > (dated[0] as number);
  const ranked = times.map((_, index) => index);
  ranked.sort((a, b) => {
    const [ta, tb] = [times[a] ?? null, times[b] ?? null];
    if (ta !== tb) {
      if (ta === null) return 1;
      if (tb === null) return -1;
      return tb - ta;
    }
    return oldestFirst ? b - a : a - b;
  });
  const kept = ranked.slice(0, max).sort((a, b) => a - b);
  return kept.map((index) => entries[index] as T);
}
