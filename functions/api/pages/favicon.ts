/**
 * The site's icon: three streams joining into one, in SVG (served at /favicon.svg and /favicon.ico, linked from
 * every page). Legible at 16 px, on light and dark tabs alike.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0a55a6"/><path d="M6 7c5 0 7 4 10 9M16 4v12M26 7c-5 0-7 4-10 9M16 16v12" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>`;
