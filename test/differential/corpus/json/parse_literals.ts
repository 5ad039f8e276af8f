// JSON.parse into types with literal types (unions, enums, single literals, true/false; in arrays, tuples, optional, nested and recursive types): values outside them throw TypeError with the path, caught and logged.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

enum Color {
  Red = "red",
  Green = "green",
}

enum Code {
  Ok = 200,
  NotFound = 404,
}

type State = "on" | "off";

interface Item {
  id: number;
  state: State;
  color?: Color;
  codes: Code[];
  flag: true;
  pair: ["x" | "y", 1 | 2];
  children?: Item[];
}

interface Loose {
  state: string;
}

function stateName(state: State): string {
  switch (state) {
    case "on":
      return "enabled";
    case "off":
      return "disabled";
  }
}

function parseState(text: string): "off" | "on" | "auto" {
  return JSON.parse(text);
}

function describe(item: Item): string {
  const children = (item.children ?? []).map(describe).join(",");
  return `${item.id}:${stateName(item.state)}:${item.color ?? "-"}:${item.codes.join("/")}:${item.flag}:${item.pair.join("")}[${children}]`;
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const text = envoy.getRequestHeaderValue("x-json") ?? "";
    const attempt = (what: string, run: () => string) => {
      try {
        log.info(`${what}: ${run()}`);
      } catch (e) {
        log.info(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
      }
    };
    attempt("item", () => {
      const item: Item = JSON.parse(text);
      return describe(item);
    });
    attempt("as", () => describe(JSON.parse(text) as Item));
    attempt("loose", () => {
      const loose: Loose = JSON.parse(text);
      return loose.state;
    });
    attempt("anonymous", () => {
      const tight: { state: State } = JSON.parse(text);
      const wide: { state: string } = JSON.parse(text);
      return `${wide.state} ${tight.state}`;
    });
    attempt("states", () => {
      const states: State[] = JSON.parse(envoy.getRequestHeaderValue("x-states") ?? "[]");
      return states.map(stateName).join(",");
    });
    attempt("color", () => {
      const color: Color = JSON.parse(envoy.getRequestHeaderValue("x-color") ?? "null");
      return color === Color.Red ? "warm" : "cool";
    });
    attempt("level", () => {
      const level: 1 | 2 = JSON.parse(envoy.getRequestHeaderValue("x-level") ?? "0");
      return String(level);
    });
    attempt("returned", () => parseState(envoy.getRequestHeaderValue("x-state") ?? "1"));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\":1,\"state\":\"on\",\"codes\":[200,404],\"flag\":true,\"pair\":[\"x\",2],\"children\":[{\"id\":2,\"state\":\"off\",\"color\":\"green\",\"codes\":[],\"flag\":true,\"pair\":[\"y\",1]}]}"],["x-states","[\"off\",\"on\"]"],["x-color","\"red\""],["x-level","2"],["x-state","\"auto\""]],"endOfStream":true}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\":1,\"state\":\"maybe\",\"codes\":[],\"flag\":true,\"pair\":[\"x\",1]}"],["x-states","[\"off\",\"idle\"]"],["x-color","\"blue\""],["x-level","3"],["x-state","\"manual\""]],"endOfStream":true}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\":1,\"state\":\"on\",\"codes\":[200,500],\"flag\":true,\"pair\":[\"x\",1]}"],["x-states","\"on\""],["x-color","0"],["x-level","\"1\""],["x-state","true"]],"endOfStream":true}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\":1,\"state\":\"on\",\"codes\":[],\"flag\":false,\"pair\":[\"z\",1]}"]],"endOfStream":true}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\":1,\"state\":\"on\",\"codes\":[],\"flag\":true,\"pair\":[\"x\",3]}"]],"endOfStream":true}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\":1,\"state\":\"on\",\"codes\":[],\"flag\":true,\"pair\":[\"x\",1],\"children\":[{\"id\":2,\"state\":\"on\",\"codes\":[],\"flag\":true,\"pair\":[\"y\",1],\"children\":[{\"id\":3,\"state\":\"on\",\"color\":\"Red\",\"codes\":[],\"flag\":true,\"pair\":[\"y\",1]}]}]}"]],"endOfStream":true}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\":1,\"state\":\"on\",\"codes\":[],\"pair\":[\"x\",1]}"]],"endOfStream":true}]}]}
