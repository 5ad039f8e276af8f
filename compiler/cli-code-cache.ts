/**
 * The CLI's code cache (code-cache.ts), installed when this module runs: cli.ts imports it first,
 * and ES modules run in the order they are imported, so ts-morph loads with the cache in place.
 */
import { installCodeCache } from "./code-cache.js";

installCodeCache();
