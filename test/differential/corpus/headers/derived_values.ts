// Strings made from values that passed the header-value check (read from Envoy, literals, String() of
// numbers) inherit it: concatenations, templates, appends, substrings and regex captures of checked
// strings are set without a rescan, and one built with a control byte, DEL or a tab is still refused or
// accepted exactly as Node's check says, each time (a check remembered on a string, or inherited, never
// goes stale when the string is appended to).
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-plain","plain value/123"],["x-bearer","Bearer abc_1.def-2"],["x-tab","a\tb"],["x-ctl","ab\u0001cd"],["x-utf8","caf\u00e9"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const TOKEN = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i;
const PARTS = /^(\w+)(.)(\w+)$/;

function set(envoy: EnvoyHttpFilter, name: string, value: string): string {
  try {
    envoy.setRequestHeader(name, value);
    return `ok(${envoy.getRequestHeaderValue(name) === value})`;
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : "?";
  }
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const plain = envoy.getRequestHeaderValue("x-plain") ?? "";
    const tab = envoy.getRequestHeaderValue("x-tab") ?? "";
    const ctl = envoy.getRequestHeaderValue("x-ctl") ?? "";
    const utf8 = envoy.getRequestHeaderValue("x-utf8") ?? "";
    const out: string[] = [];
    out.push(set(envoy, "d-concat", plain + " and " + String(42)));
    out.push(set(envoy, "d-template", `${plain}:${String(1.5)}:${String(-7)}:${String(2 ** 60)}`));
    out.push(set(envoy, "d-tab", plain + tab));
    out.push(set(envoy, "d-ctl", plain + ctl));
    out.push(set(envoy, "d-ctl-again", plain + ctl));
    out.push(set(envoy, "d-utf8", utf8 + plain));
    out.push(set(envoy, "d-slice", plain.slice(2, 9)));
    out.push(set(envoy, "d-ctl-slice-ok", ctl.slice(0, 2)));
    out.push(set(envoy, "d-ctl-slice-bad", ctl.slice(1, 4)));
    out.push(set(envoy, "d-substring", ctl.substring(3)));
    out.push(set(envoy, "d-newline", `${plain}\n`));
    out.push(set(envoy, "d-del", plain + "\u007f"));
    // Appended to after it was checked: the new content is checked, not the old remembered.
    let grown = plain + "!";
    out.push(set(envoy, "d-grown", grown));
    grown += ctl;
    out.push(set(envoy, "d-grown-ctl", grown));
    grown += "x";
    out.push(set(envoy, "d-grown-more", grown));
    let built = "";
    for (const piece of [plain, "\t", String(3), ctl]) {
      built += piece;
      out.push(set(envoy, `d-built-${built.length}`, built));
    }
    const token = TOKEN.exec(envoy.getRequestHeaderValue("x-bearer") ?? "");
    if (token) out.push(set(envoy, "d-subject", token[1] ?? ""), set(envoy, "d-signature", `${token[2] ?? ""}.${token[1] ?? ""}`));
    const parts = PARTS.exec(`${ctl.slice(0, 3)}zz`);
    if (parts) out.push(set(envoy, "d-capture-ctl", parts[2] ?? ""), set(envoy, "d-capture-word", parts[3] ?? ""));
    out.forEach((line, i) => log.info(`${i}: ${line}`));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
