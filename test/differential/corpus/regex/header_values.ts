// Header values: cookies, Authorization schemes, content types with parameters, comma lists.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["cookie","session=abc123; theme=dark;  lang=en-US ;empty="],["authorization","Bearer  eyJhbGciOi.payload.sig"],["content-type","text/html; Charset=\"UTF-8\""],["accept","text/html, application/json;q=0.9, */*;q=0.1"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/"],["authorization","Basic dXNlcjpwYXNz"],["cookie","bad"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/"],["authorization","bearer abc.def-1.x_y"],["cookie","a=1;session=s2"],["content-type","application/json"],["accept","*/*"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const cookie = envoy.getRequestHeaderValue("cookie") ?? "";
    const pairs: string[] = [];
    for (const part of cookie.split(/;\s*/)) {
      const m = /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/.exec(part);
      pairs.push(m ? `${m[1]}=${JSON.stringify(m[2])}` : `!${JSON.stringify(part)}`);
    }
    log.info(`cookies ${pairs.join(" ")}`);
    const session = /(?:^|;\s*)session=([^;]*)/.exec(cookie);
    log.info(`session ${session ? session[1] : "none"}`);
    const auth = envoy.getRequestHeaderValue("authorization") ?? "";
    const bearer = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i.exec(auth);
    const basic = /^basic ([a-z0-9+/]+={0,2})$/i.exec(auth);
    log.info(`auth bearer=${bearer ? bearer[1] : "-"} basic=${basic ? basic[1] : "-"} jwt=${/^[\w-]+\.[\w-]+\.[\w-]+$/.test(bearer?.[1] ?? "")}`);
    const type = envoy.getRequestHeaderValue("content-type") ?? "";
    const ct = /^([\w.+-]+\/[\w.+-]+)(?:\s*;\s*charset="?([\w-]+)"?)?/i.exec(type);
    log.info(`type ${ct ? `${ct[1]} charset=${ct[2] ?? "none"}` : "none"}`);
    const accept = envoy.getRequestHeaderValue("accept") ?? "";
    const entries = accept.split(/\s*,\s*/).map((e: string) => {
      const q = /;\s*q=([\d.]+)/.exec(e);
      return `${e.replace(/;.*$/, "")}@${q ? q[1] : "1"}`;
    });
    log.info(`accept ${entries.join(" ")}`);
    envoy.setRequestHeader("x-session", session ? session[1] ?? "" : "");
    envoy.setRequestHeader("x-cookie-count", String(cookie.match(/=/g)?.length ?? 0));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
