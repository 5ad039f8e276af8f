// Wasm counterpart of examples/header_mutation.ts for the benchmarks (AssemblyScript, proxy-wasm SDK
// @solo-io/proxy-runtime). AssemblyScript 0.14 has no JSON, so bench/envoy/bench.py hands it the
// config of bench/modules/configs.json as lines of tab-separated fields:
//   request <name> <value> | remove_request <name> | response <name> <value> | remove_response <name>
export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, Context, registerRootContext, FilterHeadersStatusValues, stream_context } from "@solo-io/proxy-runtime";
import { get_property } from "@solo-io/proxy-runtime/runtime";

class HeaderMutationRoot extends RootContext {
  requestSet: Array<string[]> = [];
  requestRemove: string[] = [];
  responseSet: Array<string[]> = [];
  responseRemove: string[] = [];

  onConfigure(configuration_size: u32): bool {
    if (!super.onConfigure(configuration_size)) return false;
    const lines = this.getConfiguration().split("\n");
    for (let i = 0; i < lines.length; i++) {
      const fields = lines[i].split("\t");
      const kind = fields[0];
      if (kind == "request") this.requestSet.push([fields[1], fields[2]]);
      else if (kind == "remove_request") this.requestRemove.push(fields[1]);
      else if (kind == "response") this.responseSet.push([fields[1], fields[2]]);
      else if (kind == "remove_response") this.responseRemove.push(fields[1]);
    }
    return true;
  }

  createContext(context_id: u32): Context {
    return new HeaderMutation(context_id, this);
  }
}

class HeaderMutation extends Context {
  config: HeaderMutationRoot;

  constructor(context_id: u32, root_context: HeaderMutationRoot) {
    super(context_id, root_context);
    this.config = root_context;
  }

  onRequestHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.request;
    for (let i = 0; i < this.config.requestSet.length; i++) headers.replace(this.config.requestSet[i][0], this.config.requestSet[i][1]);
    for (let i = 0; i < this.config.requestRemove.length; i++) headers.remove(this.config.requestRemove[i]);
    return FilterHeadersStatusValues.Continue;
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.response;
    headers.replace("X-Downstream-Address", String.UTF8.decode(get_property("source\0address")));
    headers.replace("X-Upstream-Address", String.UTF8.decode(get_property("upstream\0address")));
    // The response code property is a 64-bit little-endian integer.
    const code = load<u64>(changetype<usize>(get_property("response\0code")));
    headers.replace("X-Response-Code", code.toString());
    for (let i = 0; i < this.config.responseSet.length; i++) headers.replace(this.config.responseSet[i][0], this.config.responseSet[i][1]);
    for (let i = 0; i < this.config.responseRemove.length; i++) headers.remove(this.config.responseRemove[i]);
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => { return new HeaderMutationRoot(context_id); }, "header_mutation");
