/**
 * Tracers in the Node reference SDK (`registerTracer`, `EnvoyTracer`, issue 11), as
 * runtime-c/tracer.c: one span object per span, over what the kinds share (sdk-kinds.ts kindCore).
 * The trace context is lent only during onStart and onInjectContext; a throw drops the span.
 */
import type * as Declared from "./tsc2envoy.js";
import { kindCore, untaggedConfigHandle, type KindFrame, type SdkShared } from "./sdk-kinds.js";

export type EnvoyTracer = Declared.EnvoyTracer;
export type TracerSpan = Declared.TracerSpan;

/** Envoy's trace-context callbacks a host provides (fact: 0 protocol, 1 host, 2 path, 3 method). */
export interface TracerEnvoyAbi {
  tracerContextGet(key: Uint8Array): Uint8Array | undefined;
  tracerContextSet(key: Uint8Array, value: Uint8Array): void;
  tracerContextRemove(key: Uint8Array): void;
  tracerFact(which: number): Uint8Array | undefined;
}

type Span = KindFrame<TracerSpan>;
type Hook = "onStart" | "onSetOperation" | "onSetTag" | "onLog" | "onSetSampled" | "onInjectContext" | "onFinish";

/** The tracer kind for one SDK instance (runtime-c/tracer.c). */
export function tracerKind(sdk: SdkShared & { abi(): ReturnType<SdkShared["abi"]> & TracerEnvoyAbi }) {
  const abi = () => sdk.abi() as ReturnType<SdkShared["abi"]> & TracerEnvoyAbi;
  const core = kindCore<TracerSpan>(sdk, { label: "tracer", failAction: "dropped the span", close: () => {}, configHandle: (metrics) => untaggedConfigHandle(sdk, metrics) });
  /** Whether Envoy lends the trace context now (onStart, onInjectContext). */
  let lent = false;
  const context = (): ReturnType<typeof abi> => {
    if (!lent) throw new TypeError("the trace context is Envoy's only during onStart and onInjectContext");
    return abi();
  };
  const text = (value: Uint8Array | undefined) => value && sdk.decode(value);

  const handle: EnvoyTracer = {
    getTraceContextValue: (key) => text(context().tracerContextGet(sdk.encode(key))),
    setTraceContextValue: (key, value) => context().tracerContextSet(sdk.encode(key), sdk.encode(value)),
    removeTraceContextValue: (key) => context().tracerContextRemove(sdk.encode(key)),
    getProtocol: () => text(context().tracerFact(0)),
    getHost: () => text(context().tracerFact(1)),
    getPath: () => text(context().tracerFact(2)),
    getMethod: () => text(context().tracerFact(3)),
    writeLogLine: (writer, line) => sdk.writeLogLine(writer, line),
  };

  const run = (span: Span | undefined, name: Hook, args: unknown[], lend = false): void => {
    if (!span || span.failed || core.factoryFailed(span)) return;
    const hook = span.filter?.[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!hook) return;
    lent = lend;
    try {
      core.run(span, name, () => hook.call(span.filter, handle, ...args), undefined);
    } finally {
      lent = false;
    }
  };

  const moduleAbi = {
    configNew: core.configNew,
    configDestroy: core.configDestroy,
    startSpan(config: Parameters<typeof core.filterNew>[0], operationName: string, traced: boolean): Span {
      const span = core.filterNew(config);
      run(span, "onStart", [operationName, traced], true);
      return span;
    },
    setOperation: (span: Span, operationName: string) => run(span, "onSetOperation", [operationName]),
    setTag: (span: Span, key: string, value: string) => run(span, "onSetTag", [key, value]),
    log: (span: Span, timestampMs: number, event: string) => run(span, "onLog", [timestampMs, event]),
    setSampled: (span: Span, sampled: boolean) => run(span, "onSetSampled", [sampled]),
    injectContext: (span: Span) => run(span, "onInjectContext", [], true),
    finish: (span: Span) => run(span, "onFinish", []),
  };

  return { registerTracer: core.register, moduleAbi };
}
