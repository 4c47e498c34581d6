import { describe, expect, it } from "vitest";
import { parseFeed } from "./index.ts";

const rss = (channel: string, attrs = "") =>
  new TextEncoder().encode(
    `<?xml version="1.0"?><rss version="2.0"${attrs}><channel><title>t</title>${channel}</channel></rss>`,
  );
const read = async (body: Uint8Array) => (await parseFeed(body, { url: "https://example.org/feed" })).info.schedule;
const SY = ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"';

describe("a channel's schedule hints", () => {
  it("reads ttl, skipHours and skipDays", async () => {
    const hints = await read(
      rss(
        "<ttl>120</ttl><skipHours><hour>23</hour><hour>0</hour><hour>24</hour><hour>x</hour></skipHours>" +
          "<skipDays><day>Saturday</day><day>sunday</day><day>Caturday</day></skipDays>",
      ),
    );
    expect(hints).toEqual({ ttlMinutes: 120, updateMinutes: null, skipHours: [0, 23], skipDays: [0, 6] });
  });

  it("reads sy:updatePeriod and sy:updateFrequency under any prefix, with their defaults", async () => {
    expect(
      (await read(rss("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", SY)))
        ?.updateMinutes,
    ).toBe(30);
    expect(
      (
        await read(
          rss("<s:updateFrequency>4</s:updateFrequency>", ' xmlns:s="http://purl.org/rss/1.0/modules/syndication/"'),
        )
      )?.updateMinutes,
    ).toBe(360);
    expect((await read(rss("<sy:updatePeriod> Weekly </sy:updatePeriod>", SY)))?.updateMinutes).toBe(10_080);
    expect(await read(rss("<sy:updatePeriod>fortnightly</sy:updatePeriod>", SY))).toBeUndefined();
  });

  it("is absent when the channel gives none, or only values that are not positive numbers", async () => {
    expect(await read(rss(""))).toBeUndefined();
    expect(await read(rss("<ttl>soon</ttl><ttl>0</ttl>"))).toBeUndefined();
  });
});
