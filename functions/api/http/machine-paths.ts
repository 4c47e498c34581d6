/** Paths answered for programs (problem+json errors); every other path is a page for people (HTML errors). */
export function isMachinePath(path: string): boolean {
  return /^\/(?:api(?:\/|$)|feeds[./]|health$|openapi\.json$)/.test(path);
}
