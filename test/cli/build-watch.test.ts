/**
 * `tsc2envoy build --watch` as a user runs it: it builds, rebuilds after an edit to the entry and
 * after one to a file the entry imports, keeps the last good module when an edit has errors (and
 * prints them), and stops on Ctrl-C. What it builds is checked in the generated C (--emit-c).
 * How fast it rebuilds is a benchmark (bench/build-speed.mjs), not checked here.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

import { killStartedClis, startCli } from "../helpers/cli.js";
import { scratchDir } from "../helpers/paths.js";

afterEach(killStartedClis);

const filter = (header: string) => `import { registerHttpFilter, type EnvoyHttpFilter, type HttpFilter, RequestHeadersStatus } from "tsc2envoy";
import { VALUE } from "./value";

class Tag implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    envoy.setRequestHeader("${header}", VALUE);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("tag", () => new Tag());
`;

describe("tsc2envoy build --watch", () => {
  it("rebuilds after an edit to the entry or to a file it imports, keeps the last good module on errors, stops on Ctrl-C", async () => {
    const dir = scratchDir("build-watch");
    try {
      fs.writeFileSync(path.join(dir, "tag.ts"), filter("x-first"));
      fs.writeFileSync(path.join(dir, "value.ts"), `export const VALUE = "one";\n`);
      const c = () => fs.readFileSync(path.join(dir, "out", "tag.c"), "utf8");
      const so = () => fs.readFileSync(path.join(dir, "out", "libtag.so"));
      const watch = startCli(["build", "tag.ts", "-o", "out", "--emit-c", "--watch"], dir);
      await watch.waitFor(/watching the filters' files/, 120_000);
      expect(watch.output()).toMatch(/wrote .*libtag\.so/);
      expect(c()).toContain("x-first");

      fs.writeFileSync(path.join(dir, "tag.ts"), filter("x-second"));
      await watch.waitFor(/tag\.ts changed: rebuilding[^]*wrote .*libtag\.so .* in \d+ ms/);
      expect(c()).toContain("x-second");
      expect(c()).not.toContain("x-first");

      const before = watch.output().length;
      fs.writeFileSync(path.join(dir, "value.ts"), `export const VALUE = "two";\n`);
      await watch.waitFor(new RegExp(`^[^]{${before}}[^]*value\\.ts changed: rebuilding[^]*in \\d+ ms`));
      expect(c()).toContain('"two"');

      const good = so();
      const beforeError = watch.output().length;
      fs.writeFileSync(path.join(dir, "tag.ts"), filter("x-third").replace("VALUE);", "42);"));
      await watch.waitFor(new RegExp(`^[^]{${beforeError}}[^]*tag\\.ts:\\d+:\\d+ - error`));
      expect(so().equals(good)).toBe(true);

      watch.child.kill("SIGINT");
      expect(await watch.exited).toBe(0);
      expect(watch.output()).toMatch(/stopped/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
