/*
 * The native host: loads a compiled lib<name>.so and drives its hooks the way Envoy does, without
 * Envoy. It plays Envoy's side of the ABI with a small model (envoy_model.c: ordered header maps
 * with lowercased names, attributes, counters) and prints a transcript of everything the module
 * does. The Node reference host (abi/ts/host/reference.ts) implements the same model and prints
 * the same transcript, so a filter's TypeScript run in Node and its compiled .so can be compared
 * byte for byte. The differential tests and the testing harness (abi/ts/testing.ts) drive it.
 *
 * Input (stdin), one command per line, byte strings hex-encoded (abi/ts/host/protocol.ts):
 *   L <level>                 log level Envoy has enabled (0 trace .. 6 off)
 *   C <name-hex> <config-hex>|-   create a filter config
 *   S                         new stream
 *   A <id> s <hex> | A <id> i <u64>   set an attribute of the current stream
 *   A <id> b 0|1 | A <id> t <ns>      a bool attribute; a time attribute (nanoseconds)
 *   Q <eos> <n>  then n lines "H <name-hex> <value-hex>"   request headers arrive
 *   B <eos> <hex>|-  /  O <eos> <hex>|-   a request / response body chunk arrives
 *   P <eos> <n>  then n header lines                        response headers arrive
 *   R <n> | T <n>  then n header lines   request | response trailers arrive
 *   M <map>                   print a header map as it is now (0 request, 2 response)
 *   K 1|0                     the client's write buffer goes above its high / below its low watermark
 *   E                         stream complete
 *   W <ms>                    <ms> of virtual time pass (clock_model.c): the module's timers due by then fire
 *                             in due order, each delivered as a scheduler event before the next
 *   D                         stream destroyed
 *   X                         config destroyed
 *   Y                         print "sync" (a reader of a running host waits for it)
 *   F <id> <result> <n> <body-hex>|-  then n header lines: Envoy completes HTTP callout <id>
 *   m <slot>                  the stream commands that follow act on stream slot <slot> (0-7; 0 at first):
 *                             several streams live at once, each with its own side of the model;
 *                             timers and callouts reach the stream that started them. Before what
 *                             happens to a stream other than the last one shown, "stream <slot>" prints.
 *   y <id> h|d|t|c|r ...      an event of streamed callout <id> (protocol.ts)
 *   H <id> <result> <n> <body-hex>|-  then n header lines: Envoy completes the config's callout <id> (a
 *                             background task's); W delivers the config's scheduler events ("config_scheduled")
 * Usage: host <module.so>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envoy_model.h"


/* Several streams at once (the m line): the model holds the current one's state, parked[] the others'. */
enum { MAX_STREAMS = 8 };
/* The commands that print about the current stream (abi/ts/host/reference.ts has the same list). */
#define STREAM_COMMANDS "SQPRTBOKEDM"
static int stream_tokens[MAX_STREAMS];
static const void* streams[MAX_STREAMS];
static model_stream_state* parked[MAX_STREAMS];
static int current, shown;

/* The host's module, for the streamed callouts' reset hook (called inline from the model, in the current stream's hook). */
static model_module* current_module;

static void http_stream_reset_inline(uint64_t id) {
  if (streams[current]) current_module->http_stream_reset(&stream_tokens[current], streams[current], id, envoy_dynamic_module_type_http_stream_reset_reason_LocalReset);
}

/* "name-hex:value-hex,..." or "-" as headers (at most `capacity`); the bytes stay in `storage` (freed by the caller). */
static size_t parse_pairs(const char* text, envoy_dynamic_module_type_envoy_http_header* headers, size_t capacity, char** storage) {
  size_t n = 0;
  if (text == NULL || strcmp(text, "-") == 0) return 0;
  char* copy = strdup(text);
  char* save = NULL;
  for (char* pair = strtok_r(copy, ",", &save); pair != NULL && n < capacity; pair = strtok_r(NULL, ",", &save)) {
    char* colon = strchr(pair, ':');
    if (colon == NULL) continue;
    *colon = 0;
    headers[n].key_ptr = model_unhex(pair, &headers[n].key_length);
    headers[n].value_ptr = model_unhex(colon + 1, &headers[n].value_length);
    storage[2 * n] = (char*)headers[n].key_ptr, storage[2 * n + 1] = (char*)headers[n].value_ptr;
    n++;
  }
  free(copy);
  return n;
}

/* y <id> h <eos> <pairs>|- / d <eos> <hex>|- / t <pairs>|- / c / r <reason>: Envoy's streamed-callout event. */
static void http_stream_command(model_module* module, const void* stream, int* token, const char* line) {
  unsigned long long id = 0;
  char kind = 0, a[16] = "", b[60000] = "";
  sscanf(line, "y %llu %c %15s %59999s", &id, &kind, a, b);
  static const char* const names[] = {"headers", "data", "trailers", "complete", "reset"};
  const char* at = strchr("hdtcr", kind);
  int which = at && kind ? (int)(at - "hdtcr") : 4;
  printf("http_stream_%s %llu\n", names[which], id);
  if (which >= 3) model_http_stream_close(id);
  if (!stream) return;
  envoy_dynamic_module_type_envoy_http_header headers[64];
  char* storage[128];
  size_t n;
  switch (which) {
    case 0:
      n = parse_pairs(b, headers, 64, storage);
      module->http_stream_headers(token, stream, id, headers, n, atoi(a) != 0);
      for (size_t i = 0; i < 2 * n; i++) free(storage[i]);
      break;
    case 1: {
      size_t length;
      char* data = model_unhex(b[0] ? b : "-", &length);
      envoy_dynamic_module_type_envoy_buffer chunk = {data, length};
      module->http_stream_data(token, stream, id, &chunk, 1, atoi(a) != 0);
      free(data);
      break;
    }
    case 2:
      /* The pairs are the third field (longer than `a` holds). */
      if (sscanf(line, "y %*u %*c %59999s", b) != 1) b[0] = 0;
      n = parse_pairs(b, headers, 64, storage);
      module->http_stream_trailers(token, stream, id, headers, n);
      for (size_t i = 0; i < 2 * n; i++) free(storage[i]);
      break;
    case 3:
      module->http_stream_complete(token, stream, id);
      break;
    default:
      module->http_stream_reset(token, stream, id, (envoy_dynamic_module_type_http_stream_reset_reason)atoi(a));
      break;
  }
}

static void read_headers(int map, int count) {
  model_clear_headers(map);
  char line[65536], name_hex[32768], value_hex[32768];
  for (int i = 0; i < count && fgets(line, sizeof line, stdin); i++) {
    name_hex[0] = value_hex[0] = 0;
    sscanf(line, "H %32767s %32767s", name_hex, value_hex);
    size_t name_length, value_length;
    char* name = model_unhex(name_hex, &name_length);
    char* value = model_unhex(value_hex, &value_length);
    model_append_header(map, name, name_length, value, value_length);
    free(name);
    free(value);
  }
}

static void select_stream(int slot) {
  if (slot == current) return;
  /* parked[current] holds an empty state: swapping twice leaves it with the slot left. */
  model_swap_stream(parked[current]);
  model_swap_stream(parked[slot]);
  current = slot;
}

static void show_stream(int slot) {
  if (slot == shown) return;
  printf("stream %d\n", slot);
  shown = slot;
}

/* The slot whose stream's filter pointer is `filter`; -1 if none. */
static int slot_of(const void* filter) {
  for (int i = 0; i < MAX_STREAMS; i++) {
    if (filter == &stream_tokens[i]) return i;
  }
  return -1;
}

/* Runs what follows in `slot`'s stream (shown in the transcript); returns the slot to go back to. */
static int enter_stream(int slot) {
  int back = current;
  select_stream(slot);
  show_stream(slot);
  return back;
}

/* The slot of the stream that started callout `id`, where Envoy delivers its events (the current one if unknown). */
static int callout_slot(unsigned long long id) {
  int slot = slot_of(model_callout_owner(id));
  return slot < 0 ? current : slot;
}

/* Delivers the scheduler events committed until `deadline` (CLOCK_REALTIME; one already past takes only
   those committed so far, and any their delivery commits): each to its stream, or the config's. */
static void deliver_scheduled(model_module* module, const void* config, int* config_token, const struct timespec* deadline) {
  uint64_t events[64];
  void* filters[64];
  int taken;
  while ((taken = model_wait_scheduled(deadline, events, filters, 64)) > 0) {
    for (int i = 0; i < taken; i++) {
      /* The config's scheduler: a background task's sleep is over, or its next run is due. */
      if (filters[i] == model_config_owner()) {
        puts("config_scheduled");
        if (config && module->config_scheduled) module->config_scheduled(config_token, config, events[i]);
        continue;
      }
      /* The event goes to the stream whose scheduler committed it. */
      int slot = slot_of(filters[i]);
      if (slot < 0 || !streams[slot]) continue;
      int back = enter_stream(slot);
      module->scheduled(&stream_tokens[current], streams[current], events[i]);
      select_stream(back);
    }
    fflush(stdout);
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: host <module.so>\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  model_transcript = stdout;
  model_module module;
  model_load_module(argv[1], &module);

  printf("program_init -> %s\n", module.program_init() ? "ok" : "refused");
  static int config_token;
  current_module = &module;
  model_http_stream_reset = http_stream_reset_inline;
  const void* config = NULL;
  const void* route_config = NULL;
  for (int i = 0; i < MAX_STREAMS; i++) parked[i] = model_stream_state_new();
  /* Lines of any length: a body chunk of 1 MB is a 2 MB line. */
  char* line = NULL;
  size_t line_capacity = 0;
  ssize_t line_length;
  while ((line_length = getline(&line, &line_capacity, stdin)) > 0) {
    if (line[line_length - 1] == '\n') line[line_length - 1] = 0;
    char command = line[0];
    /* The current stream's handle and token (the filter pointer the module gets). */
#define stream streams[current]
#define stream_token stream_tokens[current]
    /* A stream command prints about the current stream: say which, if another was shown last. */
    if (command != 0 && strchr(STREAM_COMMANDS, command) != NULL) show_stream(current);
    if (model_network_command(module.handle, line) || model_udp_command(module.handle, line) || model_access_log_command(module.handle, line)) {
      /* a network, listener or UDP listener filter's command or an access logger's (network_model.c, udp_model.c, access_log_model.c) */
    } else if (model_tracer_sink_command(module.handle, line)) {
      /* a tracer's or stats sink's command (tracer_sink_model.c) */
    } else if (command == 'L') {
      model_log_level = atoi(line + 2);
    } else if (command == 'C') {
      char name_hex[4096], config_hex[60000];
      sscanf(line, "C %4095s %59999s", name_hex, config_hex);
      size_t name_length, config_length = 0;
      char* name = model_unhex(name_hex, &name_length);
      char* bytes = strcmp(config_hex, "-") == 0 ? NULL : model_unhex(config_hex, &config_length);
      envoy_dynamic_module_type_envoy_buffer name_buffer = {name, name_length};
      envoy_dynamic_module_type_envoy_buffer config_buffer = {bytes ? bytes : "", config_length};
      config = module.config_new(&config_token, name_buffer, config_buffer);
      printf("config ");
      model_put_string(name, name_length);
      printf(" -> %s\n", config ? "ok" : "rejected");
      free(name);
      free(bytes);
    } else if (command == 'U') {
      /* The route's per-route config for the streams that follow ("U -": none), replacing the last. */
      if (route_config) module.per_route_config_destroy(route_config);
      route_config = NULL;
      char name_hex[4096] = "-", config_hex[60000] = "-";
      sscanf(line, "U %4095s %59999s", name_hex, config_hex);
      if (strcmp(name_hex, "-") != 0) {
        if (module.per_route_config_new == NULL || module.per_route_config_destroy == NULL) {
          fprintf(stderr, "host: module lacks envoy_dynamic_module_on_http_filter_per_route_config_new or _destroy\n");
          exit(2);
        }
        size_t name_length, config_length = 0;
        char* name = model_unhex(name_hex, &name_length);
        char* bytes = strcmp(config_hex, "-") == 0 ? NULL : model_unhex(config_hex, &config_length);
        envoy_dynamic_module_type_envoy_buffer name_buffer = {name, name_length};
        envoy_dynamic_module_type_envoy_buffer config_buffer = {bytes ? bytes : "", config_length};
        route_config = module.per_route_config_new(name_buffer, config_buffer);
        printf("per_route_config ");
        model_put_string(name, name_length);
        printf(" -> %s\n", route_config ? "ok" : "rejected");
        free(name);
        free(bytes);
      }
      model_route_config = route_config;
    } else if (command == 'S') {
      model_reset_stream();
      /* Envoy creates no streams for a rejected config. */
      stream = config ? module.filter_new(config, &stream_token) : NULL;
      printf("stream new -> %s\n", stream ? "ok" : "refused");
    } else if (command == 'A') {
      int id;
      char kind;
      char value[4096];
      sscanf(line, "A %d %c %4095s", &id, &kind, value);
      if (kind == 's') {
        size_t length;
        char* bytes = model_unhex(value, &length);
        model_set_attribute_string(id, bytes, length);
        free(bytes);
      } else if (kind == 'b') {
        model_set_attribute_bool(id, strcmp(value, "1") == 0);
      } else if (kind == 't') {
        model_set_attribute_time(id, strtoull(value, NULL, 10));
      } else {
        model_set_attribute_int(id, strtoull(value, NULL, 10));
      }
    } else if (command == 'Q' || command == 'P') {
      int eos, count;
      sscanf(line + 2, "%d %d", &eos, &count);
      int request = command == 'Q';
      read_headers(request ? 0 : 2, count);
      printf("%s_headers end_of_stream=%s\n", request ? "request" : "response", eos ? "true" : "false");
      int status = !stream   ? -1
                   : request ? (int)module.request_headers(&stream_token, stream, eos != 0)
                             : (int)module.response_headers(&stream_token, stream, eos != 0);
      printf("-> %d\n", status);
    } else if (command == 'R' || command == 'T') {
      int count = atoi(line + 2);
      int request = command == 'R';
      read_headers(request ? 1 : 3, count);
      printf("%s_trailers\n", request ? "request" : "response");
      int status = !stream   ? -1
                   : request ? (int)module.request_trailers(&stream_token, stream)
                             : (int)module.response_trailers(&stream_token, stream);
      printf("-> %d\n", status);
      model_trailers_done(request ? 0 : 1, status);
    } else if (command == 'B' || command == 'O') {
      int eos = atoi(line + 2);
      const char* data_hex = strchr(line + 2, ' ');
      data_hex = data_hex ? data_hex + 1 : "-";
      size_t length;
      char* data = model_unhex(data_hex, &length);
      int request = command == 'B';
      model_body_arrives(request ? 0 : 1, data, length);
      free(data);
      printf("%s_body end_of_stream=%s\n", request ? "request" : "response", eos ? "true" : "false");
      int status = !stream   ? -1
                   : request ? (int)module.request_body(&stream_token, stream, eos != 0)
                             : (int)module.response_body(&stream_token, stream, eos != 0);
      printf("-> %d\n", status);
      model_body_hook_done(request ? 0 : 1, status);
    } else if (command == 'W') {
      long ms = atol(line + 2);
      if (model_real_clock()) {
        /* The real clock: the module's timer thread commits events as they fall due, delivered as they arrive. */
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += ms / 1000;
        deadline.tv_nsec += (ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
        deliver_scheduled(&module, config, &config_token, &deadline);
      } else {
        /* The virtual clock (clock_model.c): what was committed already (a resume deferred by a hook),
           then each timer due by the deadline at its time, its hook's continuation before the next. */
        static const struct timespec now = {0, 0};
        int64_t deadline_ns = model_advance_begin(ms);
        do deliver_scheduled(&module, config, &config_token, &now);
        while (model_fire_timer(deadline_ns));
        model_clock_reach(deadline_ns);
      }
      printf("wait %ldms\n", ms);
    } else if (command == 'y') {
      /* A streamed callout's event goes to the stream that started it. */
      int back = enter_stream(callout_slot(strtoull(line + 2, NULL, 10)));
      http_stream_command(&module, stream, &stream_token, line);
      select_stream(back);
    } else if (command == 'F') {
      /* F <id> <result> <n> <body-hex>|-, then n header lines: Envoy completes a callout. */
      unsigned long long id;
      int result, count;
      char body_hex[60000] = "-";
      sscanf(line, "F %llu %d %d %59999s", &id, &result, &count, body_hex);
      /* The callout goes to the stream that started it. */
      int back = enter_stream(callout_slot(id));
      read_headers(4, count);
      size_t body_length;
      char* body = model_unhex(body_hex, &body_length);
      printf("http_callout_done %llu %d\n", id, result);
      if (stream) {
        envoy_dynamic_module_type_envoy_http_header headers[64];
        int n = model_header_views(4, headers, 64);
        envoy_dynamic_module_type_envoy_buffer chunk = {body, body_length};
        module.callout_done(&stream_token, stream, id, (envoy_dynamic_module_type_http_callout_result)result, headers, (size_t)n, &chunk, 1);
      }
      free(body);
      select_stream(back);
    } else if (command == 'H') {
      /* H <id> <result> <n> <body-hex>|-, then n header lines: Envoy completes the config's (a background task's) callout. */
      unsigned long long id;
      int result, count;
      char body_hex[60000] = "-";
      sscanf(line, "H %llu %d %d %59999s", &id, &result, &count, body_hex);
      read_headers(4, count);
      size_t body_length;
      char* body = model_unhex(body_hex, &body_length);
      printf("config_http_callout_done %llu %d\n", id, result);
      if (config && module.config_callout_done) {
        envoy_dynamic_module_type_envoy_http_header headers[64];
        int n = model_header_views(4, headers, 64);
        envoy_dynamic_module_type_envoy_buffer chunk = {body, body_length};
        module.config_callout_done(&config_token, config, id, (envoy_dynamic_module_type_http_callout_result)result, headers, (size_t)n, &chunk, 1);
      }
      free(body);
    } else if (command == 'K') {
      int above = atoi(line + 2) != 0;
      printf("watermark %s\n", above ? "above" : "below");
      if (stream) {
        if (above) module.watermark_above(&stream_token, stream);
        else module.watermark_below(&stream_token, stream);
      }
    } else if (command == 'E') {
      puts("stream_complete");
      if (stream) module.stream_complete(&stream_token, stream);
    } else if (command == 'D') {
      if (stream) module.filter_destroy(stream);
      puts("stream destroyed");
      stream = NULL;
    } else if (command == 'M') {
      model_put_headers(atoi(line + 2));
    } else if (command == 'm') {
      int slot = atoi(line + 2);
      if (slot < 0 || slot >= MAX_STREAMS) {
        fprintf(stderr, "host: stream slot %d out of range\n", slot);
        exit(2);
      }
      select_stream(slot);
    } else if (command == 'Y') {
      puts("sync");
    } else if (command == 'X') {
      if (config) module.config_destroy(config);
      puts("config destroyed");
      config = NULL;
    }
    fflush(stdout);
#undef stream
#undef stream_token
  }
  free(line);
  return 0;
}
