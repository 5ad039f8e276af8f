/**
 * `build --manifest` and `deploy-config` for the other kinds (issue 11): the manifest names each
 * filter's kind, and deploy-config (which writes HTTP filter entries) refuses a network or
 * listener filter instead of writing an HTTP entry Envoy would reject.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { build } from "../../compiler/driver.js";
import { envoyFilterConfig, parseManifest } from "../../compiler/manifest/deploy-config.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

describe.each([
  { example: "echo.ts", kind: "network" },
  { example: "ip_allowlist.ts", kind: "listener" },
  { example: "dns_gateway.ts", kind: "udp_listener" },
  { example: "json_access_logger.ts", kind: "access_logger" },
])("$example", ({ example, kind }) => {
  it(`its manifest says ${kind}, and deploy-config refuses it`, async () => {
    const { manifestPath } = await build(path.join(examplesDir, example), { outDir: scratchDir(`manifest-${kind}`), manifest: true });
    const manifest = parseManifest(fs.readFileSync(manifestPath!, "utf8"), manifestPath!);
    expect(manifest.filterType).toEqual([kind]);
    expect(manifest.filters.map((f) => f.filterType)).toEqual([kind]);
    expect(() => envoyFilterConfig(manifest, { url: "https://example.com/m.so" } as Parameters<typeof envoyFilterConfig>[1])).toThrow(`is a ${kind} filter`);
  });
});
