/**
 * Module resolution hooks (node:module `register`) for the `--help` test: a TypeScript module of the repository may
 * import only Node.js built-ins and local/help.ts, the imports a command needs to answer `--help`. Any other import
 * (the core, the AWS SDK, a local module) fails to resolve, naming it and its importer, so a command that loads it
 * before answering help exits with that error instead of its usage.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const HELP = pathToFileURL(path.join(ROOT, "local", "help.ts")).href;

/** Whether `url` is a TypeScript module of the repository (not a dependency's). */
function ownModule(url) {
  if (!url?.startsWith("file:")) return false;
  const file = fileURLToPath(url);
  return (
    file.endsWith(".ts") && file.startsWith(ROOT + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)
  );
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (!ownModule(context.parentURL) || resolved.url.startsWith("node:")) return resolved;
  if (resolved.url.split("?")[0] === HELP) return resolved;
  throw new Error(`loaded before answering --help: ${specifier} (${resolved.url}), imported by ${context.parentURL}`);
}
