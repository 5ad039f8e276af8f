/**
 * The reference host's tracers and stats sinks (issue 11): one span's trace context (its headers;
 * the stream's protocol, host, path and method as ":protocol", ":authority", ":path", ":method")
 * and one flush's snapshot, and the protocol's commands for them (protocol.ts), printing what
 * abi/c/host/tracer_sink_model.c prints for the same lines.
 */
import type { StatsSnapshot, TracerEnvoyAbi } from "../sdk.js";
import { quote } from "./protocol.js";

type Sdk = typeof import("../sdk.js");
type TracerConfig = NonNullable<ReturnType<Sdk["tracerModuleAbi"]["configNew"]>>;
type Span = ReturnType<Sdk["tracerModuleAbi"]["startSpan"]>;
type SinkConfig = NonNullable<ReturnType<Sdk["statsSinkModuleAbi"]["configNew"]>>;

const unhex = (text: string | undefined) => Buffer.from(text === undefined || text === "-" ? "" : text, "hex");
const FACTS = [":protocol", ":authority", ":path", ":method"];
const emptySnapshot = (): StatsSnapshot => ({ counters: [], gauges: [], histograms: [], textReadouts: [] });

export class TracerSinkModel implements TracerEnvoyAbi {
  private context: [string, Buffer][] = [];
  private tracerConfig: TracerConfig | undefined;
  private span: Span | undefined;
  private sinkConfig: SinkConfig | undefined;
  private snapshot = emptySnapshot();

  constructor(
    private readonly out: string[],
    private readonly sdk: Sdk,
  ) {}

  tracerContextGet(key: Uint8Array): Uint8Array | undefined {
    const name = Buffer.from(key).toString("latin1");
    return this.context.find(([k]) => k === name)?.[1];
  }
  tracerContextSet(key: Uint8Array, value: Uint8Array): void {
    this.out.push(`set_trace_context ${quote(Buffer.from(key))} ${quote(Buffer.from(value))}`);
  }
  tracerContextRemove(key: Uint8Array): void {
    this.out.push(`remove_trace_context ${quote(Buffer.from(key))}`);
  }
  tracerFact(which: number): Uint8Array | undefined {
    return this.tracerContextGet(Buffer.from(FACTS[which]!, "latin1"));
  }

  /** Runs a tracer or stats sink command; false when `command` is none. */
  command(command: string, args: string[]): boolean {
    const tracer = this.sdk.tracerModuleAbi;
    const sink = this.sdk.statsSinkModuleAbi;
    const text = (hex: string | undefined) => unhex(hex).toString("utf8");
    switch (command) {
      case "Z":
        this.tracerConfig = tracer.configNew(text(args[0]), unhex(args[1]));
        this.out.push(`tracer_config ${quote(unhex(args[0]))} -> ${this.tracerConfig ? "ok" : "rejected"}`);
        return true;
      case "V":
        this.sinkConfig = sink.configNew(text(args[0]), unhex(args[1]));
        this.out.push(`sink_config ${quote(unhex(args[0]))} -> ${this.sinkConfig ? "ok" : "rejected"}`);
        return true;
      case "h":
        this.context.push([unhex(args[0]).toString("latin1"), unhex(args[1])]);
        return true;
      case "b":
        this.span = this.tracerConfig ? tracer.startSpan(this.tracerConfig, text(args[1]), args[0] === "1") : undefined;
        this.out.push(`start_span -> ${this.span ? "ok" : "null"}`);
        return true;
      case "o":
        this.out.push("set_operation");
        if (this.span) tracer.setOperation(this.span, text(args[0]));
        return true;
      case "g":
        this.out.push(`log ${args[0]}`);
        if (this.span) tracer.log(this.span, Number(args[0]) / 1e6, text(args[1]));
        return true;
      case "t":
        this.out.push("set_tag");
        if (this.span) tracer.setTag(this.span, text(args[0]), text(args[1]));
        return true;
      case "x":
        this.out.push(`set_sampled ${args[0] === "1"}`);
        if (this.span) tracer.setSampled(this.span, args[0] === "1");
        return true;
      case "i":
        this.out.push("inject_context");
        if (this.span) tracer.injectContext(this.span);
        return true;
      case "e":
        this.out.push("finish");
        if (this.span) tracer.finish(this.span);
        return true;
      case "z":
        this.out.push("span destroyed");
        this.span = undefined;
        this.context = [];
        return true;
      case "u": {
        const name = text(args[1]);
        if (args[0] === "c") this.snapshot.counters.push({ name, value: Number(args[2]), delta: Number(args[3] ?? 0) });
        else if (args[0] === "g") this.snapshot.gauges.push({ name, value: Number(args[2]) });
        else if (args[0] === "t") this.snapshot.textReadouts.push({ name, value: text(args[2]) });
        else {
          const buckets = (args[4] ?? "").split(",").filter(Boolean).map((pair) => {
            const [bound, cumulative] = pair.split(":");
            return { upperBound: Number(bound), cumulativeCount: Number(cumulative) };
          });
          this.snapshot.histograms.push({ name, count: Number(args[2]), sum: Number(args[3] ?? 0), buckets });
        }
        return true;
      }
      case "l":
        this.out.push("flush");
        if (this.sinkConfig) sink.flush(this.sinkConfig, this.snapshot);
        this.snapshot = emptySnapshot();
        return true;
      case "X":
        if (this.tracerConfig) tracer.configDestroy(this.tracerConfig);
        if (this.sinkConfig) sink.configDestroy(this.sinkConfig);
        this.tracerConfig = this.sinkConfig = undefined;
        return false; // the HTTP side prints "config destroyed"
    }
    return false;
  }
}

/** The model's callbacks as functions bound to it, for the object the SDK calls (reference.ts EnvoyModel). */
export function tracerCallbacks(model: TracerSinkModel): TracerEnvoyAbi {
  return {
    tracerContextGet: (key) => model.tracerContextGet(key),
    tracerContextSet: (key, value) => model.tracerContextSet(key, value),
    tracerContextRemove: (key) => model.tracerContextRemove(key),
    tracerFact: (which) => model.tracerFact(which),
  };
}
