import { describe, expect, it } from "vitest";
import {
  imageAddress,
  isBeacon,
  isPlaceholder,
  isTrackingPixel,
  largestCandidate,
  noscriptFallback,
  realImage,
} from "./images.ts";

const GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
const SPINNER_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'%3E%3C/svg%3E";

describe("realImage", () => {
  it.each([
    ["data-src over a data: GIF", { src: GIF, "data-src": "/a.jpg", alt: "A" }, { src: "/a.jpg", alt: "A" }],
    ["data-src over a spinner SVG file", { src: "/img/spinner.svg", "data-src": "/a.jpg" }, { src: "/a.jpg" }],
    ["data-src over an inline spinner SVG", { src: SPINNER_SVG, "data-src": "/a.jpg" }, { src: "/a.jpg" }],
    ["data-lazy-src over data-src", { "data-lazy-src": "/a.jpg", "data-src": "/b.jpg" }, { src: "/a.jpg" }],
    ["data-original (jQuery Lazy Load)", { src: "/grey.gif", "data-original": "/a.jpg" }, { src: "/a.jpg" }],
    [
      "data-srcset alone: the image is kept by its srcset",
      { src: GIF, "data-srcset": "/a-480.jpg 480w, /a-1080.jpg 1080w", "data-sizes": "auto" },
      { srcset: "/a-480.jpg 480w, /a-1080.jpg 1080w" },
    ],
    [
      "data-srcset and data-sizes on a lazy class",
      { class: "lazyload", "data-srcset": "/a.jpg 1x", "data-sizes": "100vw" },
      { class: "lazyload", srcset: "/a.jpg 1x", sizes: "100vw" },
    ],
    [
      "a lazy class's data: src, with a real srcset",
      { class: "lazy", src: GIF, srcset: "/a.jpg 2x" },
      {
        class: "lazy",
        srcset: "/a.jpg 2x",
      },
    ],
    [
      "a WordPress 1x1.trans.gif",
      { src: "/wp-content/plugins/lazy-load/images/1x1.trans.gif", "data-lazy-src": "/a.png" },
      {
        src: "/a.png",
      },
    ],
  ])("reads %s", (_name, attribs, expected) => {
    expect(realImage("img", attribs)).toEqual({ attribs: expected, real: true });
  });

  it.each([
    ["a lazy class's data: GIF without a real address", { class: "lazyload", src: GIF }],
    ["a spinner file alone", { src: "https://example.org/assets/ajax-loader.gif" }],
    ["lazy attributes that are empty", { src: GIF, "data-src": "" }],
    ["lazy attributes that hold another placeholder", { src: GIF, "data-src": "/blank.gif" }],
    ["a declared 1×1 image", { src: "https://example.org/t.gif", width: "1", height: "1" }],
    ["a 1×1 in style", { src: "https://example.org/t.gif", style: "width: 1px; height:1px" }],
    ["a 0×0 image", { src: "https://example.org/t.gif", width: "0", height: "0px" }],
    ["a FeedBurner counter", { src: "http://feeds.feedburner.com/~r/TypePadNews/~4/0BN9mE2cw1E" }],
    ["a lazy-loaded beacon", { src: GIF, "data-src": "https://pixel.wp.com/b.gif?v=noscript" }],
  ])("drops %s", (_name, attribs) => {
    expect(realImage("img", attribs)).toEqual({ attribs: null, real: false });
  });

  it("keeps a data: image that no lazy loader marks, as an image with no real address", () => {
    expect(realImage("img", { src: GIF, alt: "dot" })).toEqual({ attribs: { src: GIF, alt: "dot" }, real: false });
  });

  it("keeps an image declared 1 pixel in one dimension only, and any image named like a photo", () => {
    const rule = { src: "https://example.org/rule.png", width: "600", height: "1" };
    expect(realImage("img", rule)).toEqual({ attribs: rule, real: true });
    const photo = { src: "https://example.org/loading-screen.png" };
    expect(realImage("img", photo)).toEqual({ attribs: photo, real: true });
  });

  it("reads a picture's source by its data-srcset", () => {
    expect(realImage("source", { "data-srcset": "/a.webp 1x", type: "image/webp" })).toEqual({
      attribs: { srcset: "/a.webp 1x", type: "image/webp" },
      real: true,
    });
  });

  it("leaves other elements' attributes as they are, and does not change its input", () => {
    const attribs = { href: "/x", "data-src": "/y" };
    expect(realImage("a", attribs).attribs).toEqual(attribs);
    const img = { src: GIF, "data-src": "/a.jpg" };
    realImage("img", img);
    expect(img).toEqual({ src: GIF, "data-src": "/a.jpg" });
  });
});

describe("isTrackingPixel and isBeacon", () => {
  it.each([
    "https://pixel.wp.com/b.gif?host=example.org",
    "//stats.wordpress.com/g.gif",
    "http://feeds.feedburner.com/~r/Example/~4/abc",
    "https://www.google-analytics.com/collect?v=1&tid=UA-1",
    "https://www.facebook.com/tr?id=1&ev=PageView",
    "https://pixel.quantserve.com/pixel/p-1.gif",
    "https://sb.scorecardresearch.com/p?c1=2",
    "https://medium.com/_/stat?event=post.clientViewed",
  ])("knows the beacon %s", (src) => {
    expect(isBeacon(src)).toBe(true);
    expect(isTrackingPixel({ src })).toBe(true);
  });

  it.each([
    "https://feeds.feedburner.com/~ff/Example?d=yIl2AUoC8zA",
    "https://example.org/pixel.wp.com/b.gif",
    "https://i0.wp.com/example.org/photo.jpg",
    "https://www.facebook.com/photo.php?fbid=1",
    "/b.gif",
  ])("does not take %s for a beacon", (src) => {
    expect(isTrackingPixel({ src })).toBe(false);
  });

  it.each([
    [{ width: "1", height: "1" }, true],
    [{ width: "1px", height: " 1 " }, true],
    [{ width: "0", height: "1" }, true],
    [{ width: "", height: "" }, false],
    [{ width: "1" }, false],
    [{ width: "2", height: "1" }, false],
    [{ width: "10", height: "10" }, false],
    [{ style: "border:0;width:1px;height:1px" }, true],
  ])("reads the declared size %j", (size, expected) => {
    expect(isTrackingPixel({ src: "https://example.org/i.gif", ...size })).toBe(expected);
  });
});

describe("isPlaceholder", () => {
  it.each([
    "/img/spinner.svg",
    "https://example.org/wp-content/plugins/a3-lazy-load/assets/images/lazy_placeholder.gif",
    "/1x1.trans.gif",
    "/images/blank.gif?v=2",
    "/spacer.gif",
    "/loading.gif",
    "/img/placeholder-image.png",
  ])("knows %s", (url) => {
    expect(isPlaceholder(url)).toBe(true);
  });

  it.each(["/photo.jpg", "/loading-screen.png", "/blanket.png", "/lazy-river.jpg", GIF])("not %s", (url) => {
    expect(isPlaceholder(url)).toBe(false);
  });
});

describe("noscriptFallback", () => {
  it("drops the copy of an image with a real address, replaces one without, keeps a noscript with no image before", () => {
    expect(noscriptFallback({ attribs: { src: "https://example.org/a.jpg" }, real: true })).toBe("drop");
    expect(noscriptFallback({ attribs: null, real: false })).toBe("replace");
    expect(noscriptFallback({ attribs: { src: GIF }, real: false })).toBe("replace");
    expect(noscriptFallback(null)).toBe("keep");
  });
});

describe("imageAddress and largestCandidate", () => {
  it("takes the src, else the widest srcset candidate, http(s) only", () => {
    expect(imageAddress({ src: "https://example.org/a.jpg", srcset: "https://example.org/b.jpg 2x" })).toBe(
      "https://example.org/a.jpg",
    );
    expect(imageAddress({ srcset: "https://example.org/s.jpg 480w, https://example.org/l.jpg 1080w" })).toBe(
      "https://example.org/l.jpg",
    );
    expect(imageAddress({ src: GIF, srcset: "https://example.org/b.jpg 2x" })).toBe("https://example.org/b.jpg");
    expect(imageAddress({ src: GIF })).toBeNull();
    expect(imageAddress({ src: "/relative.jpg" })).toBeNull();
  });

  it("reads srcset candidates by HTML's rules (a data: URL keeps its commas)", () => {
    expect(largestCandidate(`${GIF} 1x, /b.jpg 2x`)).toBe("/b.jpg");
    expect(largestCandidate("/a.jpg, /b.jpg")).toBe("/a.jpg");
    expect(largestCandidate("")).toBeNull();
  });
});
