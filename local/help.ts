/**
 * `--help` and `-h`, the same for every command (`npm run X -- --help`): the command's usage and options on
 * stdout, exit status 0, and nothing else done — no configuration read, no store opened, no port taken.
 */

/** The arguments that ask for help, wherever they stand among a command's arguments. */
export const HELP_FLAGS = ["--help", "-h"] as const;

/**
 * Whether a command line (its arguments, `process.argv.slice(2)`) asks for help: `--help` or `-h` anywhere.
 * @example asksForHelp(["--source", "a", "-h"]) // true
 */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => (HELP_FLAGS as readonly string[]).includes(arg));
}

/**
 * Answers a request for help before the command does anything: prints `usage` (its `usage: npm run …` line, then
 * what it does and its options and environment) on stdout and exits with status 0. Returns when no help was asked.
 * Every command calls it first.
 * @example answerHelp("usage: npm run check\n\nValidates the configuration.")
 */
export function answerHelp(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!asksForHelp(argv)) return;
  process.stdout.write(`${usage.trim()}\n`);
  process.exit(0);
}
