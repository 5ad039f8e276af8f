/**
 * A tracer and a stats sink in one module, for test/e2e/tracers-stats-sinks.test.ts:
 * - tracer "probe": reads the stream's facts in onStart, writes `x-probe` and removes
 *   `x-remove-me` upstream (onInjectContext), tries the trace context in onFinish (a TypeError:
 *   Envoy lends it only in onStart and onInjectContext) and writes one JSON line a span; on the
 *   path /throw its onSetTag throws (the span is dropped, the request goes on).
 * - stats sink "throwing": reads past the snapshot's counters (a RangeError: the flush fails closed).
 * - tracer "picky": its factory throws for the config "throw" (each span fails closed at onStart).
 * - stats sink "logging": logs every entry of the snapshot (test/differential/tracers-stats-sinks.test.ts).
 */
import { log, registerStatsSink, registerTracer, type EnvoyFilterConfig, type EnvoyStatsSink, type EnvoyTracer, type LogWriter, type StatsSink, type TracerSpan } from "tsc2envoy";

interface ProbeLine {
  protocol: string | null;
  host: string | null;
  method: string | null;
  path: string | null;
  incoming: string | null;
  operations: string[];
  tags: number;
  outside: string;
}

class Probe implements TracerSpan {
  private readonly line: ProbeLine = { protocol: null, host: null, method: null, path: null, incoming: null, operations: [], tags: 0, outside: "" };

  constructor(private readonly log: LogWriter) {}

  onStart(envoy: EnvoyTracer, operationName: string, _traced: boolean): void {
    this.line.protocol = envoy.getProtocol() ?? null;
    this.line.host = envoy.getHost() ?? null;
    this.line.method = envoy.getMethod() ?? null;
    this.line.path = envoy.getPath() ?? null;
    this.line.incoming = envoy.getTraceContextValue("x-incoming") ?? null;
    this.line.operations.push(operationName);
  }

  onSetOperation(_envoy: EnvoyTracer, operationName: string): void {
    this.line.operations.push(operationName);
  }

  onSetTag(_envoy: EnvoyTracer, key: string, _value: string): void {
    if (this.line.path === "/throw") throw new Error(`probe refuses the tag ${key}`);
    this.line.tags++;
  }

  onInjectContext(envoy: EnvoyTracer): void {
    envoy.setTraceContextValue("x-probe", `${this.line.method} ${this.line.path}`);
    envoy.removeTraceContextValue("x-remove-me");
  }

  onFinish(envoy: EnvoyTracer): void {
    try {
      envoy.getPath();
    } catch (error) {
      this.line.outside = error instanceof TypeError ? `TypeError: ${error.message}` : "not a TypeError";
    }
    envoy.writeLogLine(this.log, JSON.stringify(this.line));
  }
}

registerTracer("probe", (path: string, envoy: EnvoyFilterConfig) => {
  const log = envoy.openLogWriter([path]);
  return () => new Probe(log);
});

class Picky implements TracerSpan {
  constructor(mode: string) {
    if (mode === "throw") throw new RangeError(`picky refuses the mode ${mode}`);
  }

  onStart(_envoy: EnvoyTracer, operationName: string, traced: boolean): void {
    log.info(`picky span ${operationName} traced=${traced}`);
  }
}

registerTracer("picky", (mode: string) => new Picky(mode));

class Throwing implements StatsSink {
  onFlush(envoy: EnvoyStatsSink): void {
    envoy.getCounterName(envoy.getCounterCount());
  }
}

registerStatsSink("throwing", () => new Throwing());

class Logging implements StatsSink {
  constructor(private readonly prefix: string) {}

  onFlush(envoy: EnvoyStatsSink): void {
    for (let i = 0; i < envoy.getCounterCount(); i++) log.info(`${this.prefix}counter ${envoy.getCounterName(i)} ${envoy.getCounterValue(i)} +${envoy.getCounterDelta(i)}`);
    for (let i = 0; i < envoy.getGaugeCount(); i++) log.info(`${this.prefix}gauge ${envoy.getGaugeName(i)} ${envoy.getGaugeValue(i)}`);
    for (let i = 0; i < envoy.getHistogramCount(); i++) {
      const buckets: string[] = [];
      for (let b = 0; b < envoy.getHistogramBucketCount(i); b++) buckets.push(`${envoy.getHistogramBucketUpperBound(i, b)}:${envoy.getHistogramBucketCumulativeCount(i, b)}`);
      log.info(`${this.prefix}histogram ${envoy.getHistogramName(i)} ${envoy.getHistogramSampleCount(i)} ${envoy.getHistogramSampleSum(i)} [${buckets.join(" ")}]`);
    }
    for (let i = 0; i < envoy.getTextReadoutCount(); i++) log.info(`${this.prefix}text ${envoy.getTextReadoutName(i)} ${JSON.stringify(envoy.getTextReadoutValue(i))}`);
    if (envoy.getGaugeCount() > 0) envoy.getHistogramBucketUpperBound(0, envoy.getHistogramBucketCount(0));
  }
}

registerStatsSink("logging", (prefix: string) => new Logging(prefix));
