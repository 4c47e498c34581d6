// Every file of the real-world corpus (feedjira's spec/sample_feeds, MIT; see README.txt beside it).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseFeed } from "./index.ts";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const CORPUS = path.resolve(repoRoot, "tests/fixtures/real-world");

// Entry counts checked by counting <item>/<entry> elements (or JSON items) in each file.
const FEEDS: [file: string, format: string, entries: number][] = [
  ["AmazonWebServicesBlog.xml", "atom", 10],
  ["AtomEscapedHTMLInPreTag.xml", "atom", 1],
  ["AtomFeedWithSpacesAroundEquals.xml", "atom", 1],
  ["AtomWithITunesInCDATA.xml", "atom", 1],
  ["CRE.xml", "rss", 30],
  ["FeedBurnerUrlNoAlternate.xml", "atom", 1],
  ["FeedBurnerXHTML.xml", "atom", 10],
  ["FeedjiraBlog.xml", "atom", 1],
  ["GiantRobotsSmashingIntoOtherGiantRobots.xml", "atom", 3],
  ["GoogleDocsList.xml", "atom", 2],
  ["HREFConsideredHarmful.xml", "rdf", 10],
  ["HuffPostCanada.xml", "rss", 2],
  // Broken: an <itunes:category> is never closed; the items still belong to the channel.
  ["ITunesWithSingleQuotedAttributes.xml", "rss", 3],
  ["ITunesWithSpacesInAttributes.xml", "rss", 3],
  // Broken: ends without </rss>.
  ["InvalidDateFormat.xml", "rss", 2],
  ["PaulDixExplainsNothing.xml", "atom", 5],
  ["PaulDixExplainsNothingAlternate.xml", "atom", 5],
  ["PaulDixExplainsNothingWFW.xml", "atom", 5],
  ["Permalinks.xml", "rss", 4],
  ["RSSWithComments.xml", "rss", 30],
  ["SamRuby.xml", "atom", 20],
  ["TechCrunch.xml", "rss", 20],
  ["TenderLovemaking.xml", "rss", 10],
  ["TrotterCashionHome.xml", "atom", 14],
  ["TypePadNews.xml", "atom", 10],
  ["a10.xml", "rss", 5],
  ["atom_simple_single_entry.xml", "atom", 1],
  ["atom_simple_single_entry_link_self.xml", "atom", 1],
  ["atom_with_link_tag_for_url_unmarked.xml", "atom", 1],
  ["google_alerts_atom.xml", "atom", 20],
  ["itunes.xml", "rss", 3],
  ["itunes_feedburner.xml", "rss", 3],
  ["json_feed.json", "json", 20],
  ["json_feed_with_escaped_uris.json", "json", 30],
  ["pet_atom.xml", "atom", 10],
  ["youtube_atom.xml", "atom", 15],
];

// Not feeds: fragments of entries cut out of the feeds above, and an Atom feed pasted into an XHTML page.
const REJECTED: [file: string, message: string][] = [
  ["AmazonWebServicesBlogFirstEntryContent.xml", "parse: not a feed: looks like an HTML fragment (starts with <div>)"],
  ["DuplicateContentAtomFeed.xml", "parse: not a feed: looks like an HTML page"],
  ["HREFConsideredHarmfulFirstEntry.xml", "parse: not a feed: looks like an HTML fragment (starts with <p>)"],
  ["PaulDixExplainsNothingFirstEntryContent.xml", "parse: not a feed: looks like an HTML fragment (starts with <p>)"],
  ["TechCrunchFirstEntry.xml", "parse: not a feed: looks like an HTML fragment (starts with <img>)"],
  ["TechCrunchFirstEntryDescription.xml", "parse: not a feed: looks like an HTML fragment (starts with <img>)"],
  ["TenderLovemakingFirstEntry.xml", "parse: not a feed: looks like an HTML fragment (starts with <p>)"],
];

const read = (file: string) => parseFeed(readFileSync(path.join(CORPUS, file)), { url: `https://example.org/${file}` });

describe(`real-world corpus (${CORPUS})`, () => {
  it("lists every file of the corpus", () => {
    const listed = [...FEEDS.map(([file]) => file), ...REJECTED.map(([file]) => file)].sort();
    expect(listed).toEqual(
      readdirSync(CORPUS)
        .filter((file) => file !== "README.txt")
        .sort(),
    );
  });

  it.each(FEEDS)("%s is %s with %i entries", async (file, format, count) => {
    const { info, entries } = await read(file);
    expect(info.format).toBe(format);
    expect(entries).toHaveLength(count);
    for (const entry of entries) expect(entry.link ?? entry.guid ?? entry.title).not.toBeNull();
  });

  it.each(REJECTED)("%s is rejected", async (file, message) => {
    await expect(read(file)).rejects.toThrow(message);
  });

  it.each([
    ["a10.xml", 0, { link: "http://www.example.com/5", author: "John Doe", title: "Title 5" }],
    ["Permalinks.xml", 0, { link: null, guid: "http://example.com/1", guidIsPermaLink: false }],
    ["Permalinks.xml", 1, { guid: "http://example.com/2", guidIsPermaLink: true }],
    ["InvalidDateFormat.xml", 0, { published: ["Mon, 16 Oct 2017 15:10:00 +0000", "1518478934"] }],
    ["youtube_atom.xml", 0, { link: "http://www.youtube.com/watch?v=5shykyfmb28", guid: "yt:video:5shykyfmb28" }],
    ["json_feed.json", 0, { link: "http://inessential.com/2017/06/02/james_dempsey_and_the_breakpoints_benefi" }],
  ])("%s entry %i reads as expected", async (file, index, expected) => {
    expect((await read(file)).entries[index]).toMatchObject(expected);
  });
});
