// Wasm counterpart of examples/passthrough.ts for the benchmarks (AssemblyScript, proxy-wasm SDK
// @solo-io/proxy-runtime): the SDK's default hooks let everything through.
export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, Context, registerRootContext } from "@solo-io/proxy-runtime";

class PassthroughRoot extends RootContext {
  createContext(context_id: u32): Context {
    return new Context(context_id, this);
  }
}

registerRootContext((context_id: u32) => { return new PassthroughRoot(context_id); }, "passthrough");
