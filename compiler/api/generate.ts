/**
 * `npm run generate:api`: rewrites abi/ts/tsc2envoy.d.ts from the filter API table. Run from
 * dist/compiler/api (the script builds first).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

import { renderDeclarations } from "./declarations.js";

const target = fileURLToPath(new URL("../../../abi/ts/tsc2envoy.d.ts", import.meta.url));
const text = renderDeclarations();
if (fs.readFileSync(target, "utf8") === text) console.log(`${target}: up to date`);
else {
  fs.writeFileSync(target, text);
  console.log(`${target}: written`);
}
