import type { Page } from "playwright-core";

/**
 * The lowest WCAG 2.x contrast ratio between the text colour of the elements matching `selector` and the
 * page background (the elements' own backgrounds are transparent on these pages), or null when none match.
 * Relative luminance and ratio as WCAG 2.2 defines them (§ 1.4.3, "relative luminance").
 */
export async function contrastOf(page: Page, selector: string): Promise<number | null> {
  return page.evaluate((sel) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const channel = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (css: string) => {
      const [r = 0, g = 0, b = 0] = rgb(css);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = getComputedStyle(document.body).backgroundColor;
    const elements = [...document.querySelectorAll(sel)];
    if (elements.length === 0) return null;
    let lowest = Number.POSITIVE_INFINITY;
    for (const el of elements) {
      const a = luminance(getComputedStyle(el).color);
      const b = luminance(background);
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      lowest = Math.min(lowest, ratio);
    }
    return lowest;
  }, selector);
}
