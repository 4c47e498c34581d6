/** Reads a feed with the Universal Feed Parser (Debian's python3-feedparser), as many feed readers do. */
import { spawnSync } from "node:child_process";

/** Debian's Python, which has python3-feedparser (the first python3 on PATH may be another without it). */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** A text as feedparser reports it: the value and its `*_detail.type` (`text/html` or `text/plain`). */
export interface ParsedText {
  value: string | null;
  type: string | null;
}

/** What feedparser reports of one entry. */
export interface ParsedEntry {
  id: string | null;
  link: string | null;
  title: ParsedText;
  summary: ParsedText;
  author: string | null;
  tags: string[];
  mediaContent: { url?: string; medium?: string }[];
  mediaThumbnail: { url?: string }[];
  /** The entry's source feed: RSS `<source url>` or Atom `<source>` (its self link), null without one. */
  source: { title: string | null; href: string | null } | null;
}

/** What feedparser reports of a feed: whether it was ill-formed (`bozo`), its metadata and its entries. */
export interface ParsedFeed {
  bozo: boolean;
  bozoException: string | null;
  version: string;
  language: string | null;
  title: ParsedText;
  subtitle: ParsedText;
  generator: string | null;
  entries: ParsedEntry[];
}

const SCRIPT = `
import json, sys, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def text(o, key):
    detail = o.get(key + "_detail") or {}
    return {"value": o.get(key), "type": detail.get("type")}
def entry(e):
    return {
        "id": e.get("id"), "link": e.get("link"),
        "title": text(e, "title"), "summary": text(e, "summary"),
        "author": e.get("author"),
        "tags": [t.get("term") for t in e.get("tags", [])],
        "mediaContent": e.get("media_content", []), "mediaThumbnail": e.get("media_thumbnail", []),
        "source": source(e.get("source")),
    }
def source(s):
    if not s: return None
    selfs = [l.get("href") for l in s.get("links", []) if l.get("rel") == "self"]
    return {"title": s.get("title"), "href": s.get("href") or (selfs[0] if selfs else None)}
f = d.feed
print(json.dumps({
    "bozo": bool(d.bozo), "bozoException": str(d.get("bozo_exception")) if d.bozo else None,
    "version": d.version, "language": f.get("language"),
    "title": text(f, "title"), "subtitle": text(f, "subtitle"), "generator": f.get("generator"),
    "entries": [entry(e) for e in d.entries],
}))
`;

/** Whether `SYSTEM_PYTHON` can import feedparser here. */
export function feedparserAvailable(): boolean {
  return spawnSync(SYSTEM_PYTHON, ["-c", "import feedparser"], { stdio: "ignore" }).status === 0;
}

/**
 * Parses `body` with feedparser in a child process (nothing fetched: the body goes in on stdin).
 * @throws Error when Python fails.
 */
export function feedparse(body: string): ParsedFeed {
  const run = spawnSync(SYSTEM_PYTHON, ["-c", SCRIPT], { input: body, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`feedparser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ParsedFeed;
}
