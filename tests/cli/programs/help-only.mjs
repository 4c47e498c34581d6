/**
 * `--import` this module to run a command with the hooks of help-only-hooks.mjs: it fails as soon as one of the
 * repository's modules imports more than Node.js built-ins and local/help.ts.
 */
import { register } from "node:module";

register("./help-only-hooks.mjs", import.meta.url);
