/** A time as shown on the pages: `2026-11-26 14:03 UTC`, or a dash when unknown. */
export function showTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `url` when it is an http(s) URL, else undefined: feed text never becomes a script link. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `n` and a noun, plural unless `n` is 1: `plural(1, "error")` is "1 error", `plural(3, "error")` "3 errors".
 * `many` is the plural when it is not the noun plus "s".
 */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}
