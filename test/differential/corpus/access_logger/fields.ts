// Access loggers (issue 11) in Node and in the module: every EnvoyAccessLogger getter on entries with and without
// each field (header lookups in any case, absent maps, no response code, no last byte), a logger object per entry
// (its field starts again), a throw losing one entry (logged with its line, counted), a failed factory, a rejected config.
// vector: {"kind":"access_logger","filter":"fields","config":"","entries":[{"type":6,"code":200,"flags":0,"startNs":"1700000000123456789","lastTxNs":"2500000","bytes":[10,20],"protocol":"HTTP/1.1","route":"r1","cluster":"c1","requestId":"id-1","remote":["10.0.0.1",4242],"requestHeaders":[[":method","GET"],[":path","/a"],["User-Agent","ua/1"]],"responseHeaders":[["content-type","text/plain"]],"responseTrailers":[["grpc-status","0"]]},{"type":4},{"type":6,"code":503,"flags":260,"requestHeaders":[[":path","/boom"]]},{"type":9,"code":404,"requestHeaders":[[":path","/after"]]}]}
// vector: {"kind":"access_logger","filter":"broken","config":"","entries":[{"type":6},{"type":6}]}
// vector: {"kind":"access_logger","filter":"fields","config":"{}","entries":[]}
import { AccessLogType, log, registerAccessLogger, type AccessLogger, type EnvoyAccessLogger } from "tsc2envoy";

class Fields implements AccessLogger {
  private seen = 0;

  onLog(envoy: EnvoyAccessLogger, logType: number): void {
    this.seen++;
    log.info(`type ${logType}${logType === AccessLogType.DownstreamEnd ? " (end)" : ""}, entry ${this.seen} of this logger`);
    log.info(`code ${envoy.getResponseCode()} flags ${envoy.getResponseFlags()} start ${envoy.getStartTimeMs()} duration ${envoy.getDurationMs()}`);
    log.info(`bytes ${envoy.getBytesReceived()}/${envoy.getBytesSent()} ${envoy.getProtocol()} ${envoy.getRouteName()} ${envoy.getUpstreamCluster()} ${envoy.getRequestId()}`);
    log.info(`from ${envoy.getDownstreamRemoteAddress()}:${envoy.getDownstreamRemotePort()}`);
    log.info(`${envoy.getRequestHeader(":method")} ${envoy.getRequestHeader(":path")} ua=${envoy.getRequestHeader("user-agent")} UA=${envoy.getRequestHeader("USER-AGENT")}`);
    log.info(`content-type ${envoy.getResponseHeader("content-type")} grpc-status ${envoy.getResponseTrailer("grpc-status")} missing ${envoy.getRequestHeader("x-none")}`);
    if (envoy.getRequestHeader(":path") === "/boom") throw new Error(`boom at ${envoy.getResponseCode()}`);
  }
}

registerAccessLogger("fields", (config: string) => {
  if (config !== "") throw new Error(`no config expected, got ${config}`);
  return new Fields();
});

class Never implements AccessLogger {
  onLog(_envoy: EnvoyAccessLogger, _logType: number): void {}
}

registerAccessLogger("broken", (_config: string): Never => {
  throw new Error("no logger today");
});
