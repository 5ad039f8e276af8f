/**
 * The runtime operations an IR `runtime` node may name, typed: each one's parameters and result
 * (by IR type kind, checked by ir/validate.ts), whether it changes anything observable, whether it
 * may throw or fail (allocation counts: the stream memory limit), and the runtime-c function it
 * calls (none: the emitter writes inline C). Lowering picks an operation, never a C name;
 * emit/c-runtime-ops.ts writes each one's call with the name given here.
 *
 * The `envoy.<method>` operations come from the filter API table (compiler/api/filter-api.ts).
 */
import { ApiMethod, FILTER_API, HANDLE_TYPES } from "../api/filter-api.js";
import { apiEnum, FILTER_KINDS, kindOpName } from "../api/kinds.js";

/**
 * What an argument must be: an IR type kind; `?` also undefined (absent); `numbers` a number or
 * one number[] (a spread); `collection` a Map or Set; `const-*` a literal of that kind; `any`
 * anything.
 */
export type OpParam =
  | "number" | "number?" | "numbers" | "string" | "string?" | "boolean" | "array" | "array?" | "collection" | "object" | "regexp" | "match"
  | "error" | "function" | "const-number" | "const-string" | "any"
  | "bytes" | "textEncoder" | "textDecoder" | "date";

/** What the result's type must be (its kind); `any`: whatever the node says. */
export type OpResult = "number" | "string" | "boolean" | "array" | "collection" | "regexp" | "error" | "function" | "void" | "any" | "bytes" | "textEncoder" | "textDecoder" | "date";

export interface RuntimeOpSpec {
  params: OpParam[];
  /** Any number of further arguments of this kind. */
  rest?: OpParam;
  result: OpResult;
  /** Changes nothing observable (it may still allocate): its value may be computed early or not at all. */
  pure: boolean;
  /** May throw or fail the stream (allocating counts): failures are reported at its site. */
  throws: boolean;
  /** The runtime-c (or libm) function it calls; absent where the emitter writes inline C. */
  c?: string;
  /** What it does with its arguments' memory (escape analysis, ir/releases.ts). */
  memory: OpMemory;
}

/**
 * What an operation does with the memory it is given, for the early release of loop iterations
 * and hook calls (ir/releases.ts): `none` keeps nothing of its arguments; `fresh` also returns a
 * new array, Map, Set or view nothing else refers to; `stores` stores into (or grows) its first
 * argument; `keeps` keeps what it is given, or runs code the analysis does not see.
 */
export type OpMemory = "none" | "fresh" | "stores" | "keeps";

/** A pure operation changes nothing, so it keeps nothing unless it says so; any other must say. */
type Options = { rest?: OpParam } & (
  | { /** Pure, without allocating: cannot fail. */ pure: true; memory?: OpMemory }
  | { /** Pure, but allocates (so it may exceed the memory limit). */ pureAllocating: true; memory?: OpMemory }
  | { memory: OpMemory; /** Not pure, yet never fails (it reports nothing). */ neverFails?: boolean }
);

function op(params: OpParam[], result: OpResult, c: string | undefined, options: Options): RuntimeOpSpec {
  const pure = ("pure" in options && options.pure) || ("pureAllocating" in options && options.pureAllocating);
  return {
    params,
    ...(options.rest ? { rest: options.rest } : {}),
    result,
    pure,
    throws: "neverFails" in options && options.neverFails ? false : !pure || "pureAllocating" in options,
    ...(c ? { c } : {}),
    memory: options.memory ?? "none",
  };
}

/** Math functions of one number, and the C function giving JavaScript's exact result. */
const MATH_UNARY = {
  "math.abs": "fabs", "math.floor": "floor", "math.ceil": "ceil", "math.trunc": "trunc", "math.sqrt": "sqrt", "math.cbrt": "tse_math_cbrt",
  "math.exp": "tse_math_exp", "math.expm1": "tse_math_expm1", "math.log": "tse_math_log", "math.log2": "tse_math_log2", "math.log10": "tse_math_log10",
  "math.log1p": "tse_math_log1p", "math.sin": "tse_math_sin", "math.cos": "tse_math_cos", "math.tan": "tse_math_tan", "math.asin": "tse_math_asin",
  "math.acos": "tse_math_acos", "math.atan": "tse_math_atan", "math.sinh": "tse_math_sinh", "math.cosh": "tse_math_cosh", "math.tanh": "tse_math_tanh",
  "math.asinh": "tse_math_asinh", "math.acosh": "tse_math_acosh", "math.atanh": "tse_math_atanh", "math.round": "tse_math_round", "math.sign": "tse_math_sign",
  "math.fround": "tse_math_fround", "math.clz32": "tse_math_clz32",
} as const;

const mathUnary = Object.fromEntries(Object.entries(MATH_UNARY).map(([name, c]) => [name, op(["number"], "number", c, { pure: true })])) as Record<keyof typeof MATH_UNARY, RuntimeOpSpec>;

const LIBRARY_OPS = {
  // values and conversions
  nonNull: op(["any"], "any", undefined, { memory: "none" }),
  unreachable: op([], "any", undefined, { memory: "none" }),
  unset: op([], "any", undefined, { pure: true }),
  "closure.self": op([], "function", undefined, { pure: true }),
  "throw.TypeError": op(["const-string"], "any", "tse_throw_js_error", { memory: "none" }),
  "throw.RangeError": op(["const-string"], "any", "tse_throw_js_error", { memory: "none" }),
  "value.toString": op(["any"], "string", "tse_to_string", { memory: "none" }),
  "boolean.toString": op(["boolean"], "string", "tse_bool_to_string", { pureAllocating: true }),
  "boolean.toNumber": op(["boolean"], "number", undefined, { pure: true }),
  log: op(["const-number", "string", "const-string", "const-number"], "void", "tse_log", { neverFails: true, memory: "none" }),

  // numbers and Math
  "number.toString": op(["number"], "string", "tse_number_to_string", { pureAllocating: true }),
  "number.toStringRadix": op(["number", "number"], "string", "tse_number_to_string_radix", { memory: "none" }),
  "number.toFixed": op(["number", "number"], "string", "tse_number_to_fixed", { memory: "none" }),
  "number.toPrecision": op(["number", "number?"], "string", "tse_number_to_precision", { memory: "none" }),
  "number.toExponential": op(["number", "number?"], "string", "tse_number_to_exponential", { memory: "none" }),
  "number.isNaN": op(["number"], "boolean", "isnan", { memory: "none" }),
  "number.isFinite": op(["number"], "boolean", "isfinite", { memory: "none" }),
  "number.isInteger": op(["number"], "boolean", "tse_number_is_integer", { memory: "none" }),
  "number.isSafeInteger": op(["number"], "boolean", "tse_number_is_safe_integer", { memory: "none" }),
  parseInt: op(["string", "number"], "number", "tse_parse_int", { memory: "none" }),
  parseFloat: op(["string"], "number", "tse_parse_float", { memory: "none" }),
  ...mathUnary,
  "math.max": op([], "number", "tse_math_max", { rest: "numbers", memory: "none" }),
  "math.min": op([], "number", "tse_math_min", { rest: "numbers", memory: "none" }),
  "math.hypot": op([], "number", "tse_math_hypot", { rest: "numbers", memory: "none" }),
  "math.atan2": op(["number", "number"], "number", "tse_math_atan2", { memory: "none" }),
  "math.imul": op(["number", "number"], "number", "tse_math_imul", { memory: "none" }),
  "math.random": op([], "number", "tse_math_random", { memory: "none" }),

  // strings
  "string.length": op(["string"], "number", undefined, { pure: true }),
  "string.index": op(["string", "number"], "any", "tse_str_unit_at", { pure: true }),
  "string.build": op([], "string", "tse_str_concat_all", { rest: "string", pureAllocating: true }),
  "string.toNumber": op(["string"], "number", "tse_string_to_number", { memory: "none" }),
  "string.fromCharCode": op([], "string", "tse_str_from_char_codes", { rest: "numbers", memory: "none" }),
  "string.fromCodePoint": op([], "string", "tse_str_from_code_points", { rest: "numbers", memory: "none" }),
  "string.charAt": op(["string", "number"], "string", "tse_str_char_at", { memory: "none" }),
  "string.at": op(["string", "number"], "any", "tse_str_at", { memory: "none" }),
  "string.charCodeAt": op(["string", "number"], "number", "tse_str_char_code_at", { memory: "none" }),
  "string.codePointAt": op(["string", "number"], "any", "tse_str_code_point_at", { memory: "none" }),
  "string.indexOf": op(["string", "string", "number"], "number", "tse_str_index_of", { memory: "none" }),
  "string.lastIndexOf": op(["string", "string", "number"], "number", "tse_str_last_index_of", { memory: "none" }),
  "string.includes": op(["string", "string", "number"], "boolean", "tse_str_includes", { memory: "none" }),
  "string.startsWith": op(["string", "string", "number"], "boolean", "tse_str_starts_with", { memory: "none" }),
  "string.endsWith": op(["string", "string", "number?"], "boolean", "tse_str_ends_with", { memory: "none" }),
  "string.slice": op(["string", "number", "number?"], "string", "tse_str_slice", { memory: "none" }),
  "string.substring": op(["string", "number", "number?"], "string", "tse_str_substring", { memory: "none" }),
  "string.toLowerCase": op(["string"], "string", "tse_str_to_lower_case", { memory: "none" }),
  "string.toUpperCase": op(["string"], "string", "tse_str_to_upper_case", { memory: "none" }),
  "string.trim": op(["string"], "string", "tse_str_trim", { memory: "none" }),
  "string.trimStart": op(["string"], "string", "tse_str_trim_start", { memory: "none" }),
  "string.trimEnd": op(["string"], "string", "tse_str_trim_end", { memory: "none" }),
  "string.padStart": op(["string", "number", "string?"], "string", "tse_str_pad_start", { memory: "none" }),
  "string.padEnd": op(["string", "number", "string?"], "string", "tse_str_pad_end", { memory: "none" }),
  "string.repeat": op(["string", "number"], "string", "tse_str_repeat", { memory: "none" }),
  "string.split": op(["string", "string?", "number?"], "array", "tse_str_split", { memory: "fresh" }),
  "string.replace": op(["string", "string", "string"], "string", "tse_str_replace", { memory: "none" }),
  "string.replaceAll": op(["string", "string", "string"], "string", "tse_str_replace_all", { memory: "none" }),
  "string.replaceFn": op(["string", "string", "function"], "string", "tse_str_replace_fn", { memory: "none" }),
  "string.replaceAllFn": op(["string", "string", "function"], "string", "tse_str_replace_fn", { memory: "none" }),
  "string.splitRegexp": op(["string", "regexp", "number?"], "array", "tse_str_split_regexp", { memory: "fresh" }),
  "string.replaceRegexp": op(["string", "regexp", "string"], "string", "tse_str_replace_regexp", { memory: "none" }),
  "string.replaceAllRegexp": op(["string", "regexp", "string"], "string", "tse_str_replace_all_regexp", { memory: "none" }),
  "string.replaceRegexpFn": op(["string", "regexp", "function", "const-number"], "string", "tse_str_replace_regexp_fn", { memory: "none" }),
  "string.replaceAllRegexpFn": op(["string", "regexp", "function", "const-number"], "string", "tse_str_replace_all_regexp_fn", { memory: "none" }),
  "string.match": op(["string", "regexp"], "any", "tse_str_match_regexp", { memory: "none" }),
  "string.search": op(["string", "regexp"], "number", "tse_str_search_regexp", { memory: "none" }),
  "string.matchAll": op(["string", "regexp"], "array", "tse_str_match_all", { memory: "fresh" }),
  "tuple.join": op(["object", "string?"], "string", "tse_tuple_join", { memory: "none" }),

  // arrays
  "array.new": op(["number"], "array", "tse_array_new", { memory: "fresh" }),
  "array.length": op(["array"], "number", undefined, { pure: true }),
  "array.get": op(["array", "number"], "any", undefined, { pure: true }),
  "array.push": op(["array", "any"], "number", "tse_array_push_slot", { memory: "stores" }),
  "array.pushAll": op(["array", "array"], "number", "tse_array_append_all", { memory: "stores" }),
  "array.pop": op(["array"], "any", "tse_array_pop_slot", { memory: "stores" }),
  "array.shift": op(["array"], "any", "tse_array_shift_slot", { memory: "stores" }),
  "array.at": op(["array", "number"], "any", "tse_array_at_slot", { memory: "none" }),
  "array.unshift": op(["array"], "number", "tse_array_unshift", { rest: "any", memory: "stores" }),
  "array.slice": op(["array", "number?", "number?"], "array", "tse_array_slice", { memory: "fresh" }),
  "array.splice": op(["array", "number?", "number?", "array"], "array", "tse_array_splice", { memory: "stores" }),
  "array.setLength": op(["array", "number"], "number", "tse_array_set_length", { memory: "stores" }),
  "array.reverse": op(["array"], "array", "tse_array_reverse", { memory: "stores" }),
  "array.with": op(["array", "number", "any"], "array", "tse_array_with_index", { memory: "fresh" }),
  "array.fill": op(["array", "any", "number?", "number?"], "array", "tse_array_fill", { memory: "stores" }),
  "array.join": op(["array", "string?"], "string", "tse_array_join", { memory: "none" }),
  "array.includes": op(["array", "any", "number"], "boolean", "tse_array_search", { memory: "none" }),
  "array.indexOf": op(["array", "any", "number"], "number", "tse_array_search", { memory: "none" }),
  "array.lastIndexOf": op(["array", "any", "number"], "number", "tse_array_search", { memory: "none" }),
  "array.sort": op(["array", "function"], "array", "tse_array_sort", { memory: "none" }),
  "array.sortDefault": op(["array"], "array", "tse_array_sort_default", { memory: "stores" }),
  "collect.chars": op(["string"], "array", "tse_str_code_points", { memory: "fresh" }),
  "collect.keys": op(["collection"], "array", undefined, { memory: "fresh" }),
  "collect.values": op(["collection"], "array", undefined, { memory: "fresh" }),
  "collect.entries": op(["collection"], "array", undefined, { memory: "fresh" }),

  // Map and Set
  "map.new": op([], "collection", "tse_map_new", { memory: "fresh" }),
  "map.size": op(["collection"], "number", undefined, { pure: true }),
  "map.get": op(["collection", "any"], "any", "tse_map_get", { memory: "none" }),
  "map.set": op(["collection", "any", "any"], "any", "tse_map_set", { memory: "stores" }),
  "map.has": op(["collection", "any"], "boolean", "tse_map_has", { memory: "none" }),
  "map.delete": op(["collection", "any"], "boolean", "tse_map_delete", { memory: "stores" }),
  "map.clear": op(["collection"], "any", "tse_map_clear", { memory: "stores" }),
  // Record<string, T> (a Map of string keys in property order: runtime-c/dict.c)
  "dict.delete": op(["collection", "string"], "boolean", "tse_dict_delete", { memory: "stores" }),
  "dict.in": op(["collection", "string"], "boolean", "tse_dict_in", { pure: true }),

  // errors
  "error.new": op(["const-number", "string"], "error", "tse_error_new", { memory: "none" }),
  "error.message": op(["error"], "string", undefined, { pure: true }),
  "error.name": op(["error"], "string", undefined, { pure: true }),
  "error.instanceof": op(["any", "const-number"], "boolean", undefined, { memory: "none" }),
  /** The Error constructor run by an Error subclass's super(message): kind (Layout.errorKind), name, message (the site is the `new`'s). */
  "error.init": op(["any", "const-number", "string"], "void", undefined, { memory: "none" }),

  // JSON and object properties
  "json.stringify": op(["any", "any"], "any", "tse_json_stringify", { memory: "none" }),
  "json.stringifyKeys": op(["any", "any", "array"], "any", "tse_json_stringify_keys", { memory: "none" }),
  "json.parse": op(["string"], "any", "tse_json_parse", { memory: "none" }),
  "object.keys": op(["object"], "array", "tse_object_keys", { memory: "fresh" }),
  "object.freeze": op(["any"], "any", "tse_object_freeze", { memory: "keeps" }),
  "object.keyCount": op(["object"], "number", undefined, { pure: true }),
  "object.keyAt": op(["object", "number"], "number", undefined, { pure: true }),
  "object.hasKey": op(["object", "const-number"], "boolean", "tse_key_has", { pure: true }),

  // regular expressions
  "regexp.new": op(["const-string"], "regexp", "tse_regexp_new", { memory: "none" }),
  "regexp.test": op(["regexp", "string"], "boolean", "tse_regexp_test", { memory: "none" }),
  /** `re.test(decoder.decode(b))`: the decoded text is freed after the test (runtime-c/bytes.c). */
  "regexp.testDecoded": op(["regexp", "textDecoder", "any"], "boolean", "tse_regexp_test_decoded", { memory: "none" }),
  "regexp.exec": op(["regexp", "string"], "any", "tse_regexp_exec", { memory: "none" }),
  "regexp.lastIndex": op(["regexp"], "number", undefined, { memory: "none" }),
  "regexp.setLastIndex": op(["regexp", "number"], "number", "tse_regexp_set_last_index", { memory: "none" }),
  "regexp.compile": op(["string", "string?"], "regexp", "tse_regexp_compile", { memory: "keeps" }),
  "regexp.source": op(["regexp"], "string", "tse_regexp_source", { memory: "none" }),
  "regexp.flags": op(["regexp"], "string", "tse_regexp_flags", { memory: "none" }),
  "regexp.global": op(["regexp"], "boolean", "tse_regexp_global", { memory: "none" }),
  "regexp.sticky": op(["regexp"], "boolean", "tse_regexp_sticky", { memory: "none" }),
  "regexp.ignoreCase": op(["regexp"], "boolean", "tse_regexp_ignore_case", { memory: "none" }),
  "regexp.multiline": op(["regexp"], "boolean", "tse_regexp_multiline", { memory: "none" }),
  "regexp.dotAll": op(["regexp"], "boolean", "tse_regexp_dot_all", { memory: "none" }),
  "regexp.unicode": op(["regexp"], "boolean", "tse_regexp_unicode", { memory: "none" }),
  "regexpMatch.index": op(["match"], "number", "tse_regexp_match_index", { pure: true }),
  "regexpMatch.input": op(["match"], "string", "tse_regexp_match_input", { pure: true }),
  "regexpMatch.strings": op(["match"], "array", "tse_regexp_match_strings", { memory: "none" }),
  "regexpMatch.group": op(["match", "const-string", "boolean"], "any", "tse_regexp_match_group", { memory: "none" }),

  // Uint8Array, TextEncoder/TextDecoder, base64 and the clocks (runtime-c/bytes.c)
  "bytes.new": op(["number"], "bytes", "tse_bytes_new", { memory: "fresh" }),
  "bytes.fromNumbers": op(["array"], "bytes", "tse_bytes_from_numbers", { pureAllocating: true, memory: "fresh" }),
  "bytes.copy": op(["bytes"], "bytes", "tse_bytes_copy", { pureAllocating: true, memory: "fresh" }),
  "bytes.toArray": op(["bytes"], "array", "tse_bytes_to_array", { pureAllocating: true }),
  "bytes.length": op(["bytes"], "number", undefined, { pure: true }),
  "bytes.get": op(["bytes", "number"], "any", "tse_bytes_get", { pure: true }),
  "bytes.read": op(["bytes", "number"], "number", "tse_bytes_read", { pure: true }),
  "bytes.subarray": op(["bytes", "number?", "number?"], "bytes", "tse_bytes_subarray", { pureAllocating: true }),
  "bytes.slice": op(["bytes", "number?", "number?"], "bytes", "tse_bytes_slice", { pureAllocating: true, memory: "fresh" }),
  "bytes.setBytes": op(["bytes", "bytes", "number"], "void", "tse_bytes_set_bytes", { memory: "none" }),
  "bytes.setNumbers": op(["bytes", "array", "number"], "void", "tse_bytes_set_numbers", { memory: "none" }),
  "bytes.fill": op(["bytes", "number", "number?", "number?"], "bytes", "tse_bytes_fill", { neverFails: true, memory: "none" }),
  "bytes.indexOf": op(["bytes", "number", "number"], "number", "tse_bytes_index_of", { pure: true }),
  "bytes.includes": op(["bytes", "number", "number"], "boolean", "tse_bytes_index_of", { pure: true }),
  "bytes.join": op(["bytes", "string"], "string", "tse_bytes_join", { pureAllocating: true }),
  "textEncoder.new": op([], "textEncoder", "tse_text_codec_new", { pureAllocating: true }),
  "textEncoder.encode": op(["textEncoder", "string"], "bytes", "tse_text_encode", { pureAllocating: true, memory: "fresh" }),
  "textDecoder.new": op(["boolean", "boolean"], "textDecoder", "tse_text_codec_new", { pureAllocating: true }),
  "textDecoder.decode": op(["textDecoder", "any"], "string", "tse_text_decode", { memory: "none" }),
  "textDecoder.fatal": op(["textDecoder"], "boolean", undefined, { pure: true }),
  "textDecoder.ignoreBOM": op(["textDecoder"], "boolean", undefined, { pure: true }),
  btoa: op(["string"], "string", "tse_btoa", { memory: "none" }),
  atob: op(["string"], "string", "tse_atob", { memory: "none" }),
  // URI coding (runtime-c/bytes.c): URIError on lone surrogates and malformed escapes
  "uri.encodeURIComponent": op(["string"], "string", "tse_encode_uri_component", { memory: "none" }),
  "uri.encodeURI": op(["string"], "string", "tse_encode_uri", { memory: "none" }),
  "uri.decodeURIComponent": op(["string"], "string", "tse_decode_uri_component", { memory: "none" }),
  "uri.decodeURI": op(["string"], "string", "tse_decode_uri", { memory: "none" }),
  "date.now": op([], "number", "tse_date_now", { neverFails: true, memory: "none" }),
  "performance.now": op([], "number", "tse_performance_now", { neverFails: true, memory: "none" }),
  // Date (runtime-c/date.c, linked only into modules that use it)
  "date.new": op(["number"], "date", "tse_date_new", { pureAllocating: true }),
  "date.parse": op(["string"], "number", "tse_date_parse", { pure: true }),
  "date.utc": op(["number", "number", "number", "number", "number", "number", "number"], "number", "tse_date_utc", { pure: true }),
  "date.getTime": op(["date"], "number", undefined, { pure: true }),
  "date.setTime": op(["date", "number"], "number", "tse_date_set_time", { neverFails: true, memory: "none" }),
  /** A UTC getter: the field is a TSE_DATE_* constant (runtime-c/tse.h). */
  "date.field": op(["date", "const-number"], "number", "tse_date_field", { pure: true }),
  "date.toISOString": op(["date"], "string", "tse_date_to_iso_string", { memory: "none" }),
  "date.toUTCString": op(["date"], "string", "tse_date_to_utc_string", { pureAllocating: true }),
  "date.toString": op(["date"], "string", "tse_date_to_string", { pureAllocating: true }),
  /** Starts the timer an async hook's `await sleep(ms)` waits for (docs/async.md). */
  "async.sleep": op(["number"], "void", "tse_async_sleep", { memory: "keeps" }),
  /** Starts `await envoy.httpCallout(cluster, request)`: cluster, method, path, headers, body, timeout. */
  "async.httpCallout": op(["string", "string", "string", "array", "string", "number"], "void", "tse_async_http_callout", { memory: "keeps" }),
  /** After the callout's await: the response as JSON (json.parse decodes it into HttpCalloutResponse). */
  "async.result": op([], "string", undefined, { pure: true, memory: "keeps" }),
  /** `await Promise.all([...])` (docs/async.md): the sleeps and callouts started next belong to a group of n. */
  "async.groupBegin": op(["number"], "void", "tse_async_group_begin", { memory: "keeps" }),
  /** The group's await: throws the first refusal to start, else the function waits for the whole group. */
  "async.groupEnd": op([], "void", "tse_async_group_end", { memory: "keeps" }),
  /** After the group's await: element i's callout response as JSON. */
  "async.groupResult": op(["number"], "string", "tse_async_group_result", { pure: true, memory: "keeps" }),
  // Streamed callouts (runtime-c/async_stream.c, docs/async.md#streamed-callouts): the handle is a number.
  /** envoy.startHttpStream: cluster, method, path, headers, body, endStream, timeout; the handle. */
  "async.streamStart": op(["string", "string", "string", "array", "string", "boolean", "number"], "number", "tse_http_stream_start", { memory: "keeps" }),
  "async.streamSend": op(["number", "string", "boolean"], "boolean", "tse_http_stream_send", { memory: "keeps" }),
  "async.streamSendTrailers": op(["number", "array"], "boolean", "tse_http_stream_send_trailers", { memory: "keeps" }),
  "async.streamReset": op(["number"], "void", "tse_http_stream_reset", { memory: "keeps" }),
  /** The await's start: true when what it waits for (0 headers, 1 body text, 2 the end) is there, else the function suspends. */
  "async.streamWait": op(["number", "number"], "boolean", "tse_http_stream_wait", { memory: "keeps" }),
  /** After it: the headers as JSON (0), the body text read (1), or the trailers as JSON (2: Header[] or null); a reset is thrown. */
  "async.streamTake": op(["number", "number"], "string", "tse_http_stream_take", { memory: "keeps" }),
  /** After a read's wait: true when the response is over and all read (null); a reset is thrown. */
  "async.streamAtEnd": op(["number"], "boolean", "tse_http_stream_at_end", { memory: "keeps" }),
} satisfies Record<string, RuntimeOpSpec>;

export type LibraryOp = keyof typeof LIBRARY_OPS;
/** `envoy.<method>`: a method of EnvoyHttpFilter (compiler/api/filter-api.ts). */
export type EnvoyOp = `envoy.${string}`;
export type RuntimeOp = LibraryOp | EnvoyOp;

/** An API type as an operation's parameter: enums are numbers. */
function apiParam(type: string, optional: boolean): OpParam {
  const base = type === "string" || type === "number" || type === "boolean" ? type : type === "Uint8Array" ? "bytes" : apiEnum(type) || (HANDLE_TYPES as readonly string[]).includes(type) ? "number" : type.endsWith("[]") ? "array" : "any";
  return optional && (base === "number" || base === "string" || base === "array") ? `${base}?` : base;
}

function envoyOp(name: string, method: ApiMethod): RuntimeOpSpec {
  return op(
    method.params.map((p) => apiParam(p.type, p.optional === true)),
    method.returns === "void" ? "void" : "any",
    method.c.fn,
    { memory: hostKeepsNothing(name) ? "none" : "keeps" },
  );
}

/**
 * Host calls that keep nothing of the arena's and call no filter hook back: reads (their results
 * are fresh copies or body views, which the release unlinks), header and metadata writes and body
 * edits (Envoy copies), metrics and log lines (copied into the writer's queue). Replies
 * (`sendResponse*`, which run the encoder hooks at once), injection, closing and the per-route
 * config stay out.
 */
function hostKeepsNothing(op: string): boolean {
  const name = op.slice(op.lastIndexOf(".") + 1);
  if (name === "getPerRouteConfig") return false;
  return /^(get|has|set(Request|Response)|add(Request|Response)|remove|drain|append|prepend|replace|increment|increase|decrease|record|setGauge|addSharedCounter|writeLogLine|setDynamicMetadata|setFilterState|setSocketOption|setBufferLimit|isSsl)/.test(name);
}

const ENVOY_OPS = new Map<string, RuntimeOpSpec>([...FILTER_API.methods, ...FILTER_API.configMethods, ...FILTER_API.taskMethods].map((m) => [`envoy.${m.name}`, envoyOp(`envoy.${m.name}`, m)]));
// The other kinds' methods (compiler/api/kinds.ts): `envoy.<kind>.<method>`.
for (const kind of FILTER_KINDS) if (kind.kind !== "http") for (const m of kind.api.methods) ENVOY_OPS.set(kindOpName(kind.kind, m.name), envoyOp(kindOpName(kind.kind, m.name), m));

/** The operation's specification, or undefined for a name that is none. */
export function runtimeOp(name: string): RuntimeOpSpec | undefined {
  return Object.hasOwn(LIBRARY_OPS, name) ? LIBRARY_OPS[name as LibraryOp] : ENVOY_OPS.get(name);
}

/** A name built from parts (`string.${method}`) as an operation; a name that is none is a compiler bug. */
export function opNamed(name: string): RuntimeOp {
  if (!runtimeOp(name)) throw new Error(`no runtime operation ${name}`);
  return name as RuntimeOp;
}

/** Every operation's name (documentation, tests). */
export function runtimeOpNames(): string[] {
  return [...Object.keys(LIBRARY_OPS), ...ENVOY_OPS.keys()];
}
