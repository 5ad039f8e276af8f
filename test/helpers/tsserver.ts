/**
 * A client of the real tsserver (the TypeScript this repository resolves, as an editor using the
 * workspace's TypeScript runs it): requests over stdin, responses parsed from its
 * Content-Length-framed stdout.
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
export const tsserverPath = require.resolve("typescript/lib/tsserver.js");
export const typescriptVersion = (require("typescript/package.json") as { version: string }).version;

export interface Location {
  line: number;
  offset: number;
}

export interface ServerDiagnostic {
  start: Location;
  end: Location;
  text: string;
  code: number;
  category: string;
  source?: string;
}

interface Response {
  type: "response";
  request_seq: number;
  success: boolean;
  message?: string;
  body?: unknown;
}

export class TsServer {
  private readonly child: ChildProcess;
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private readonly waiting = new Map<number, (response: Response) => void>();
  readonly logFile: string;

  /**
   * `pluginProbeLocation`: where tsserver looks for plugins besides its own node_modules (a
   * project with tsc2envoy linked into node_modules). `tsserver`: default this repository's.
   */
  constructor(logDir: string, options: { pluginProbeLocation?: string; tsserver?: string; nodeArgs?: string[] } = {}) {
    this.logFile = path.join(logDir, "tsserver.log");
    const probe = options.pluginProbeLocation ? ["--pluginProbeLocations", options.pluginProbeLocation] : [];
    this.child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), options.tsserver ?? tsserverPath, "--disableAutomaticTypingAcquisition", ...probe, "--logVerbosity", "normal", "--logFile", this.logFile],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    this.child.stdout!.on("data", (chunk: Buffer) => this.receive(chunk));
    // A tsserver that died (or never started) fails the requests waiting for it instead of hanging them.
    this.child.on("exit", (code, signal) => {
      for (const answer of this.waiting.values()) answer({ type: "response", request_seq: 0, success: false, message: `tsserver exited (${code ?? signal}); log: ${this.log().slice(-2000)}` });
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const header = /^Content-Length: (\d+)\r\n\r\n/.exec(this.buffer.toString("latin1", 0, Math.min(this.buffer.length, 64)));
      if (!header) return;
      const start = header[0].length;
      const length = Number(header[1]);
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.toString("utf8", start, start + length)) as Response | { type: "event" };
      this.buffer = this.buffer.subarray(start + length);
      if (message.type === "response") this.waiting.get(message.request_seq)?.(message);
    }
  }

  /** A request with a response; rejects when tsserver answers with an error. */
  request<T>(command: string, args: unknown): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, (response) => {
        this.waiting.delete(seq);
        if (response.success) resolve(response.body as T);
        else reject(new Error(`tsserver ${command}: ${response.message}`));
      });
      this.child.stdin!.write(`${JSON.stringify({ seq, type: "request", command, arguments: args })}\n`);
    });
  }

  /** A request tsserver does not answer (open, close, updateOpen answer; these are sent with a later sync request). */
  send(command: string, args: unknown): void {
    this.child.stdin!.write(`${JSON.stringify({ seq: ++this.seq, type: "request", command, arguments: args })}\n`);
  }

  semanticDiagnostics(file: string): Promise<ServerDiagnostic[]> {
    return this.request<ServerDiagnostic[]>("semanticDiagnosticsSync", { file, includeLinePosition: false });
  }

  log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : "";
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once("exit", () => resolve());
      this.child.stdin!.end();
      this.child.kill();
    });
  }
}
