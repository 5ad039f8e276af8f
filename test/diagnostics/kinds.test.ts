/**
 * Diagnostics of the other kinds of filter (issue 11): a hook of another kind in a class registered
 * as a network filter (TSE3020), and a network filter in a module built for Envoy 1.39 (TSE3021).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { check } from "../../compiler/driver.js";
import { scratchDir } from "../helpers/paths.js";

const header = 'import { NetworkFilterStatus, registerNetworkFilter, RequestHeadersStatus, type EnvoyHttpFilter, type EnvoyNetworkFilter } from "tsc2envoy";\n';

function diagnose(source: string, options: Parameters<typeof check>[1] = {}) {
  const file = path.join(scratchDir("kinds-diagnostics"), "filter.ts");
  fs.writeFileSync(file, source);
  return check(file, options);
}

describe("diagnostics of network and listener filters", () => {
  it("TSE3020: an HTTP hook in a class registered as a network filter, at the method's name", () => {
    const source = `${header}class F {\n  onNewConnection(_envoy: EnvoyNetworkFilter): NetworkFilterStatus { return NetworkFilterStatus.Continue; }\n  onRequestHeaders(_envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus { return RequestHeadersStatus.Continue; }\n}\nregisterNetworkFilter("f", () => new F());\n`;
    const [diagnostic, ...rest] = diagnose(source);
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "TSE3020", line: 4, column: 3 });
    expect(diagnostic!.message).toBe("`onRequestHeaders` is a hook of an HTTP filter, but this class is registered as a network filter");
    expect(diagnostic!.hint).toContain("NetworkFilter, or register the class with registerHttpFilter");
  });

  it("TSE3021: a network filter in a module for Envoy 1.39, at the register call", () => {
    const source = `${header}class F {\n  onNewConnection(_envoy: EnvoyNetworkFilter): NetworkFilterStatus { return NetworkFilterStatus.Continue; }\n}\nregisterNetworkFilter("f", () => new F());\n`;
    expect(diagnose(source)).toEqual([]);
    const [diagnostic, ...rest] = diagnose(source, { envoyVersion: "1.39" });
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "TSE3021", line: 5, column: 1 });
    expect(diagnostic!.message).toBe("registerNetworkFilter needs Envoy 1.40 or later; this module is built for Envoy 1.39");
  });

  // UDP listener filters and access loggers (issue 11)
  it("TSE3020: a UDP listener hook in a class registered as an access logger, named as such", () => {
    const source =
      'import { registerAccessLogger, UdpListenerFilterStatus, type EnvoyAccessLogger, type EnvoyUdpListenerFilter } from "tsc2envoy";\n' +
      "class L {\n  onLog(_envoy: EnvoyAccessLogger, _type: number): void {}\n  onDatagram(_envoy: EnvoyUdpListenerFilter): UdpListenerFilterStatus { return UdpListenerFilterStatus.Continue; }\n}\n" +
      'registerAccessLogger("l", () => new L());\n';
    const [diagnostic, ...rest] = diagnose(source);
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "TSE3020", line: 4, column: 3 });
    expect(diagnostic!.message).toBe("`onDatagram` is a hook of a UDP listener filter, but this class is registered as an access logger");
    expect(diagnostic!.hint).toContain("AccessLogger, or register the class with registerUdpListenerFilter");
  });

  it.each(["registerUdpListenerFilter", "registerAccessLogger"])("TSE3021: %s in a module for Envoy 1.38", (register) => {
    const source = `import { ${register} } from "tsc2envoy";\nclass F {}\n${register}("f", () => new F());\n`;
    expect(diagnose(source)).toEqual([]);
    const [diagnostic, ...rest] = diagnose(source, { envoyVersion: "1.38" });
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "TSE3021", line: 3, column: 1 });
    expect(diagnostic!.message).toBe(`${register} needs Envoy 1.40 or later; this module is built for Envoy 1.38`);
  });
});
