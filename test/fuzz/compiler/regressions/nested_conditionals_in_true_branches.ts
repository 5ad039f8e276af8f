// Found by the compiler fuzzer (seed 3, index 36, run against the compiler before this fix:
// "nest 70x ((flag) ? ..."): conditionals nested in their true branches, each emitted twice, so
// emission took time exponential in the depth (this one, 40 deep, never finished). Also needs
// the object literals converted to the function's return type in every branch.
// expect: builds
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Shape {
  a: number;
  b?: string;
}

function pick(flag: boolean): Shape {
  return ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? ((flag) ? { a: 1 } : { a: 2, b: "x" }) : { a: 3, b: "x" }) : { a: 4, b: "x" }) : { a: 5, b: "x" }) : { a: 6, b: "x" }) : { a: 7, b: "x" }) : { a: 8, b: "x" }) : { a: 9, b: "x" }) : { a: 10, b: "x" }) : { a: 11, b: "x" }) : { a: 12, b: "x" }) : { a: 13, b: "x" }) : { a: 14, b: "x" }) : { a: 15, b: "x" }) : { a: 16, b: "x" }) : { a: 17, b: "x" }) : { a: 18, b: "x" }) : { a: 19, b: "x" }) : { a: 20, b: "x" }) : { a: 21, b: "x" }) : { a: 22, b: "x" }) : { a: 23, b: "x" }) : { a: 24, b: "x" }) : { a: 25, b: "x" }) : { a: 26, b: "x" }) : { a: 27, b: "x" }) : { a: 28, b: "x" }) : { a: 29, b: "x" }) : { a: 30, b: "x" }) : { a: 31, b: "x" }) : { a: 32, b: "x" }) : { a: 33, b: "x" }) : { a: 34, b: "x" }) : { a: 35, b: "x" }) : { a: 36, b: "x" }) : { a: 37, b: "x" }) : { a: 38, b: "x" }) : { a: 39, b: "x" }) : { a: 40, b: "x" }) : { a: 41, b: "x" });
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(JSON.stringify(pick(Number("1") > 0)) + JSON.stringify(pick(false)));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
