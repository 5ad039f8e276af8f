/**
 * A W3C trace-context tracer (https://www.w3.org/TR/trace-context/): each span continues the
 * trace of the request's `traceparent` header (or starts one), sends its own `traceparent` to the
 * upstream, and when it finishes writes one JSON line to a file: trace and span ids, the parent's
 * span id, operation, method, path, start and duration, and Envoy's tags
 * (`http.status_code`, `upstream_cluster`, ...).
 *
 * Config (the tracer's `tracer_config`): {"path": "/var/log/envoy/spans.jsonl", "service": "edge"}.
 *
 * The config stage opens the file with `openLogWriter`; spans hand their line to `writeLogLine`,
 * which only queues it (a background thread writes), so no worker waits on the disk.
 *
 *   npx tsc2envoy build examples/w3c_tracer.ts -o out   # Envoy config: docs/api.md#tracers
 */
import { registerTracer, type EnvoyFilterConfig, type EnvoyTracer, type LogWriter, type TracerSpan } from "tsc2envoy";

interface Config {
  /** The file the finished spans are appended to, one JSON object a line. */
  path: string;
  /** Written into each span as `service`. */
  service?: string;
}

interface Tag {
  key: string;
  value: string;
}

interface SpanRecord {
  service: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  operation: string;
  method: string | null;
  path: string | null;
  sampled: boolean;
  start_ms: number;
  duration_ms: number;
  tags: Tag[];
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const HEX = "0123456789abcdef";

/** `digits` random hex digits, not all zero (W3C forbids all-zero ids). */
function randomHex(digits: number): string {
  let id = "";
  for (let i = 0; i < digits; i++) id += HEX[Math.floor(Math.random() * 16)];
  return /^0+$/.test(id) ? `${id.slice(1)}1` : id;
}

class W3cSpan implements TracerSpan {
  private traceId = "";
  private readonly spanId = randomHex(16);
  private parentSpanId: string | null = null;
  private operation = "";
  private method: string | null = null;
  private path: string | null = null;
  private sampled = true;
  private readonly startMs = Date.now();
  private readonly tags: Tag[] = [];

  constructor(
    private readonly log: LogWriter,
    private readonly service: string,
  ) {}

  onStart(envoy: EnvoyTracer, operationName: string, traced: boolean): void {
    this.operation = operationName;
    this.sampled = traced;
    this.method = envoy.getMethod() ?? null;
    this.path = envoy.getPath() ?? null;
    const parent = TRACEPARENT.exec(envoy.getTraceContextValue("traceparent") ?? "");
    if (parent && parent[1] !== "00000000000000000000000000000000") {
      this.traceId = parent[1]!;
      this.parentSpanId = parent[2]!;
    } else {
      this.traceId = randomHex(32);
    }
  }

  onSetOperation(_envoy: EnvoyTracer, operationName: string): void {
    this.operation = operationName;
  }

  onSetTag(_envoy: EnvoyTracer, key: string, value: string): void {
    this.tags.push({ key, value });
  }

  onSetSampled(_envoy: EnvoyTracer, sampled: boolean): void {
    this.sampled = sampled;
  }

  onInjectContext(envoy: EnvoyTracer): void {
    envoy.setTraceContextValue("traceparent", `00-${this.traceId}-${this.spanId}-${this.sampled ? "01" : "00"}`);
  }

  onFinish(envoy: EnvoyTracer): void {
    const record: SpanRecord = {
      service: this.service,
      trace_id: this.traceId,
      span_id: this.spanId,
      parent_span_id: this.parentSpanId,
      operation: this.operation,
      method: this.method,
      path: this.path,
      sampled: this.sampled,
      start_ms: this.startMs,
      duration_ms: Date.now() - this.startMs,
      tags: this.tags,
    };
    envoy.writeLogLine(this.log, JSON.stringify(record));
  }
}

registerTracer("w3c", (config: Config, envoy: EnvoyFilterConfig) => {
  const log = envoy.openLogWriter([config.path]);
  const service = config.service ?? "envoy";
  return () => new W3cSpan(log, service);
});
