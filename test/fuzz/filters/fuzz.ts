/**
 * Coverage-guided fuzzing of compiled filters with libFuzzer (clang): the targets, how their
 * modules and the harness (test/fuzz/filters/harness.c) are built, the seed inputs (the targets' test
 * vectors, in the harness's input format), and running the fuzzer or replaying inputs.
 *
 * Modules are built through the real pipeline (analyze, emit, compileSharedObject) with the runtime
 * instrumented: ASan + UBSan (any report aborts) and -fsanitize=fuzzer-no-link for coverage.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";

import { compileSharedObject, findToolchain } from "../../../compiler/cc.js";
import { CompileError } from "../../../compiler/diagnostics.js";
import { analyze } from "../../../compiler/driver.js";
import { emitModule } from "../../../compiler/emit/c-module.js";
import { corpusProgram } from "../../helpers/corpus.js";
import { examplesDir, repoRoot, scratchDir } from "../../helpers/paths.js";
import { envoyAbiDir, nativeHostDir } from "../../hosts/native/run.js";
import { ATTRIBUTE_IDS, headerBytes, HeaderList, Vector, vectorsFor } from "../../hosts/vectors.js";

const SANITIZERS = ["-g", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all"];
export const MODULE_FLAGS = [...SANITIZERS, "-fsanitize=fuzzer-no-link,address,undefined"];
const HARNESS_FLAGS = [...SANITIZERS, "-O1", "-fsanitize=fuzzer,address,undefined"];

export const fuzzDir = path.join(repoRoot, "test", "fuzz", "filters");
/** Inputs that once crashed a target, kept as regression tests: regressions/<target>/<file>. */
export const regressionsDir = path.join(fuzzDir, "regressions");

export interface FuzzTarget {
  name: string;
  entry: string;
  /** Where its test vectors are (the seeds). */
  vectors: string;
}

const example = (name: string): FuzzTarget => ({ name, entry: path.join(examplesDir, `${name}.ts`), vectors: path.join(repoRoot, "test", "differential", "examples", `${name}.vectors`) });
/** A corpus program by topic path; its target name has "-" for "/" (it names directories). */
const program = (topicPath: string): FuzzTarget => ({ name: topicPath.replaceAll("/", "-"), entry: corpusProgram(topicPath), vectors: corpusProgram(topicPath) });

/** Every example, and corpus programs that take configs, raw header bytes, JSON from headers, and run string, number, regex and JSON operations on header values, and body operations. */
export const FUZZ_TARGETS: FuzzTarget[] = [
  // Network and listener filters, UDP listener filters, access loggers, tracers and stats sinks (issue 11) have vectors the HTTP harness cannot drive.
  ...fs.readdirSync(examplesDir).filter((f) => f.endsWith(".ts") && !fs.readFileSync(path.join(repoRoot, "test", "differential", "examples", f.replace(/\.ts$/, ".vectors")), "utf8").match(/"kind":"(network|listener|udp_listener|access_logger|lines)"/)).sort().map((f) => example(f.replace(/\.ts$/, ""))),
  program("config/types"),
  program("headers/bytes"),
  program("boundary/headers"),
  program("interfaces/rules"),
  program("regex/header_values"),
  program("failures/runtime_errors"),
  program("headers/driven_operations"),
  program("bodies/mutate"),
];

export interface BuiltTarget {
  target: FuzzTarget;
  soPath: string;
  filters: string[];
}

export async function buildTarget(target: FuzzTarget, dir: string): Promise<BuiltTarget> {
  const { module, diagnostics } = analyze(target.entry);
  if (!module) throw new CompileError(diagnostics);
  const soPath = path.join(dir, `lib${module.name}.so`);
  await compileSharedObject(await findToolchain("clang"), emitModule(module, path.basename(target.entry)), soPath, MODULE_FLAGS);
  return { target, soPath, filters: module.filters.map((f) => f.name) };
}

let harness: Promise<string> | undefined;

/** The libFuzzer binary, built once per test process. */
export function buildHarness(): Promise<string> {
  harness ??= (async () => {
    const out = path.join(scratchDir("fuzz-harness"), "harness");
    const sources = [path.join(fuzzDir, "harness.c"), path.join(nativeHostDir, "envoy_model.c"), path.join(nativeHostDir, "network_model.c")];
    await execa("clang", ["-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror", "-rdynamic", ...HARNESS_FLAGS, "-I", envoyAbiDir, "-I", nativeHostDir, ...sources, "-o", out, "-ldl", "-pthread"]);
    return out;
  })();
  return harness;
}

// ------------------------------------------------------------------ inputs (harness.c's format)

const OP = { stream: 0, requestHeaders: 1, responseHeaders: 2, complete: 3, destroy: 4, attribute: 5, bodyOrTrailers: 6 };

function string8(bytes: Buffer): Buffer {
  if (bytes.length < 255) return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  const length = Buffer.alloc(3);
  length[0] = 255;
  length.writeUInt16LE(Math.min(bytes.length, 0xffff), 1);
  return Buffer.concat([length, bytes.subarray(0, 0xffff)]);
}

function string16(bytes: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(Math.min(bytes.length, 0xffff));
  return Buffer.concat([length, bytes.subarray(0, 0xffff)]);
}

function headerOp(op: number, headers: HeaderList, endOfStream: boolean): Buffer {
  const pairs = headers.slice(0, 47).flatMap(([n, v]) => [string8(headerBytes(n)), string8(headerBytes(v))]);
  return Buffer.concat([Buffer.from([op, endOfStream ? 1 : 0, Math.min(headers.length, 47)]), ...pairs]);
}

/** A test vector as a harness input: the same configs, streams and events. */
export function encodeInput(vector: Vector, filters: string[]): Buffer {
  const index = filters.indexOf(vector.filter);
  const parts: Buffer[] = [Buffer.from([(vector.logLevel ?? 2) + 8 * (index < 0 ? filters.length : index)])];
  if (index < 0) parts.push(string8(Buffer.from(vector.filter, "utf8")));
  parts.push(string16(Buffer.from(vector.config ?? "", "utf8")));
  for (const stream of vector.streams) {
    parts.push(Buffer.from([OP.stream]));
    for (const [name, value] of Object.entries(stream.attributes ?? {})) {
      const id = ATTRIBUTE_IDS[name]!;
      if (typeof value === "string") {
        parts.push(Buffer.from([OP.attribute, id, 0]), string8(Buffer.from(value, "utf8")));
      } else {
        const number = Buffer.alloc(8);
        number.writeBigUInt64LE(BigInt(value));
        parts.push(Buffer.from([OP.attribute, id, 1]), number);
      }
    }
    for (const event of stream.events) {
      if (event.hook === "stream_complete") parts.push(Buffer.from([OP.complete]));
      else if (event.hook === "wait") continue;
      else if (event.hook === "request_body" || event.hook === "response_body") {
        parts.push(Buffer.from([OP.bodyOrTrailers, event.hook === "request_body" ? 0 : 2, event.endOfStream ? 1 : 0]), string8(headerBytes(event.data)));
      } else if (event.hook === "request_headers" || event.hook === "response_headers") {
        parts.push(headerOp(event.hook === "request_headers" ? OP.requestHeaders : OP.responseHeaders, event.headers, event.endOfStream));
      }
      // Other events (callout completions, streamed-callout events, watermarks, trailers) have no op in the harness: the seed drives what it can.
    }
    parts.push(Buffer.from([OP.destroy]));
  }
  return Buffer.concat(parts);
}

/** Writes the target's vectors as seed inputs into `dir`. */
export function writeSeeds(built: BuiltTarget, dir: string): number {
  fs.mkdirSync(dir, { recursive: true });
  const vectors = vectorsFor(built.target.vectors);
  vectors.forEach((vector, i) => fs.writeFileSync(path.join(dir, `seed-${i}`), encodeInput(vector, built.filters)));
  return vectors.length;
}

/**
 * A libFuzzer dictionary: JSON punctuation and the words of the target's configs and headers,
 * so mutations build JSON-shaped configs and known header names.
 */
export function writeDictionary(built: BuiltTarget, file: string): void {
  const words = new Set(["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "1e400", "-0", "\\u0000", "\\ud800", "\\r\\n", "\r\n", "\u0000", ":path", ":status", ":method"]);
  const collect = (value: unknown): void => {
    if (typeof value === "string") words.add(JSON.stringify(value)).add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) words.add(JSON.stringify(key)), collect(item);
  };
  for (const vector of vectorsFor(built.target.vectors)) {
    try {
      collect(JSON.parse(vector.config ?? "null"));
    } catch {
      // a config that is not JSON on purpose: its words come from the seed itself
    }
    for (const stream of vector.streams) for (const event of stream.events) if ("headers" in event) event.headers.forEach(([n, v]) => collect([n, v]));
  }
  const escape = (word: string) => [...Buffer.from(word, "utf8")].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`)).join("");
  const lines = [...words].filter((w) => w.length > 0 && Buffer.byteLength(w) <= 64).map((w) => `"${escape(w)}"`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

// ------------------------------------------------------------------ running

export interface FuzzRun {
  exitCode: number | undefined;
  output: string;
  /** The input that crashed, when one did. */
  crash?: string;
}

const environment = (built: BuiltTarget) => ({
  TSE_FUZZ_MODULE: built.soPath,
  TSE_FUZZ_FILTERS: built.filters.join(","),
  // Leaks count: every stream and config is destroyed at the end of each input.
  ASAN_OPTIONS: "detect_leaks=1:abort_on_error=1:symbolize=1",
  UBSAN_OPTIONS: "print_stacktrace=1:halt_on_error=1",
});

/** Runs every input in `dirs` once (no fuzzing); a crashing one is written to `artifacts`, not the working directory. */
export async function replay(built: BuiltTarget, dirs: string[], artifacts: string): Promise<FuzzRun> {
  fs.mkdirSync(artifacts, { recursive: true });
  const args = ["-runs=0", "-rss_limit_mb=4096", `-artifact_prefix=${artifacts}/`, ...dirs];
  const result = await execa(await buildHarness(), args, { env: environment(built), reject: false, all: true, timeout: 300_000 });
  return { exitCode: result.exitCode, output: String(result.all ?? "") };
}

/** Fuzzes for `seconds`, growing `corpus` from `seeds`; a crashing input is written into `artifacts`. */
export async function fuzz(built: BuiltTarget, seconds: number, corpus: string, seeds: string, dictionary: string, artifacts: string): Promise<FuzzRun> {
  fs.mkdirSync(corpus, { recursive: true });
  fs.mkdirSync(artifacts, { recursive: true });
  // -timeout catches an input that hangs: 30 s, so a slow input on a loaded 2-core machine under ASan is not taken for one.
  const args = [`-max_total_time=${seconds}`, "-timeout=30", "-rss_limit_mb=4096", "-max_len=8192", "-use_value_profile=1", "-print_final_stats=1", `-dict=${dictionary}`, `-artifact_prefix=${artifacts}/`, corpus, seeds];
  const result = await execa(await buildHarness(), args, { env: environment(built), reject: false, all: true, timeout: (seconds + 120) * 1000 });
  const crash = fs.readdirSync(artifacts).map((f) => path.join(artifacts, f))[0];
  return { exitCode: result.exitCode, output: String(result.all ?? ""), crash };
}
