#!/usr/bin/env node
/**
 * The command line: `tsc2envoy build` and `tsc2envoy check`.
 * Exit codes: 0 success, 1 diagnostics in the filter, 2 usage or internal error.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";

import { CompileError, Diagnostic, formatDiagnostic, UsageError } from "./diagnostics.js";
import { build, check, DEFAULT_CPU_BUDGET, DEFAULT_STREAM_MEMORY_LIMIT, MAX_STREAM_MEMORY_LIMIT, MIN_STREAM_MEMORY_LIMIT } from "./driver.js";

function printDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  process.stderr.write(`${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"}\n`);
}

const byteUnits: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function parseBytes(value: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(value);
  if (!match) throw new InvalidArgumentError("expected bytes, e.g. 4194304, 512k, 4m or 1g");
  const bytes = Number(match[1]) * byteUnits[match[2]!.toLowerCase()]!;
  if (bytes < MIN_STREAM_MEMORY_LIMIT) throw new InvalidArgumentError("must be at least 64k");
  if (bytes > MAX_STREAM_MEMORY_LIMIT) throw new InvalidArgumentError("must be at most 1g (one stream's memory; Envoy runs many streams at once)");
  return bytes;
}

/** Steps: a count, with k (thousand) or m (million); `off` is 0, no budget. */
function parseSteps(value: string): number {
  if (value === "off") return 0;
  const match = /^(\d+)([kKmM]?)$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected a number of steps, e.g. 10000000, 500k or 10m, or off");
  const steps = Number(match[1]) * (match[2] === "" ? 1 : /k/i.test(match[2]!) ? 1e3 : 1e6);
  if (steps < 1000 || steps > 1e15) throw new InvalidArgumentError("must be from 1k to 1e15 steps, or off");
  return steps;
}

const program = new Command()
  .name("tsc2envoy")
  .description("Compile TypeScript HTTP filters into Envoy dynamic modules (lib<name>.so)")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command("build")
  .description("compile a filter to lib<name>.so")
  .argument("<entry.ts>", "the filter's entry file (it calls registerHttpFilter)")
  .option("-o, --out-dir <dir>", "where to write lib<name>.so", ".")
  .option("--name <module>", "module name: output lib<module>.so (default: entry file name)")
  .option("--cc <path>", "C compiler to use (default: clang, else cc)")
  .option("--emit-c", "also write the generated <module>.c")
  .option("--content-name", "name the output lib<module>-<sha8>.so after its content, so a new version is a new module for Envoy")
  .option("--max-stream-memory <bytes>", "memory one stream may use before it fails closed", parseBytes, DEFAULT_STREAM_MEMORY_LIMIT)
  .option("--cpu-budget <steps>", "loop iterations and function calls one hook call may make before it fails closed, or off", parseSteps, DEFAULT_CPU_BUDGET)
  .action(async (entry: string, options: { outDir: string; name?: string; cc?: string; emitC?: boolean; contentName?: boolean; maxStreamMemory: number; cpuBudget: number }) => {
    const result = await build(entry, {
      outDir: options.outDir,
      name: options.name,
      cc: options.cc,
      emitC: options.emitC,
      contentName: options.contentName,
      streamMemoryLimit: options.maxStreamMemory,
      cpuBudget: options.cpuBudget,
    });
    process.stdout.write(`wrote ${result.soPath}${result.cPath ? ` and ${result.cPath}` : ""} (${result.toolchain.version})\n`);
    if (options.contentName) process.stdout.write(`dynamic_module_config.name: ${result.moduleName}\n`);
  });

program
  .command("check")
  .description("type-check a filter and report unsupported TypeScript, without compiling")
  .argument("<entry.ts>", "the filter's entry file")
  .action((entry: string) => {
    const diagnostics = check(entry);
    if (diagnostics.length > 0) {
      printDiagnostics(diagnostics);
      process.exitCode = 1;
    } else {
      process.stdout.write(`${entry}: ok\n`);
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CompileError) {
    printDiagnostics(error.diagnostics);
    process.exitCode = 1;
  } else if (error instanceof UsageError) {
    process.stderr.write(`tsc2envoy: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tsc2envoy: internal error: ${message}\n`);
    if (process.env.TSC2ENVOY_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  }
}
