/*
 * tse_internal.h: what the runtime's own files share beyond tse.h (generated code never includes
 * this). One section per source file, lowest layer first, as in tse.h.
 */
#ifndef TSE_INTERNAL_H
#define TSE_INTERNAL_H

#include "tse.h"
#include <string.h>

/* ================================================================== arena.c: memory */

/*
 * Built with AddressSanitizer (TSE_ASAN, tse.h): arena.c poisons what is not allocated (and must
 * unpoison it), so overruns inside an arena and uses after the stream's end are caught too.
 */
#ifdef TSE_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(address, size) ((void)(address), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(address, size) ((void)(address), (void)(size))
#endif

/*
 * Stream frames (http_filter.c's per-stream state, the first arena chunk inside) and the standard
 * arena chunk after them are blocks of these sizes, reused through a per-thread cache. A frame is
 * what a stream costs at least; most streams allocate nothing beyond it.
 */
enum { TSE_FRAME_SIZE = 1536, TSE_CHUNK_SIZE = 4096 };

/* tse_arena_chunk and struct tse_arena: tse.h (the inline marks read them). A chunk's origin, how
   it is given back: not at all (inside a frame or on the stack), to the block cache, or to malloc. */
enum { TSE_CHUNK_INLINE, TSE_CHUNK_CACHED, TSE_CHUNK_MALLOC };

/*
 * `first` (NULL: none): memory of `first_bytes` bytes for the first chunk, which the arena does not
 * free. Inline: a light stream's hook call sets up its arena on every call, and inside Envoy a call
 * into another function is more code lines, each a cache miss
 * (docs/benchmarks.md#cold-caches-estimated-cycles-per-stream).
 */
static inline void tse_arena_init(tse_arena* arena, size_t limit_bytes, tse_arena_chunk* first, size_t first_bytes) {
  arena->head = NULL;
  arena->buffers = NULL;
  arena->used_bytes = 0;
  arena->limit_bytes = limit_bytes;
  if (first != NULL) {
    first->next = NULL;
    first->capacity = first_bytes - sizeof(tse_arena_chunk);
    first->used = 0;
    first->origin = TSE_CHUNK_INLINE;
    ASAN_POISON_MEMORY_REGION(first->data, first->capacity);
    arena->head = first;
    arena->used_bytes = first_bytes;
  }
}
void tse_arena_free(tse_arena* arena);

/* Where an arena stands, to release what is allocated after it: only for temporaries that nothing
 * outside can reach (tse_regexp_test_decoded). A throw between the two keeps everything. */
typedef struct tse_arena_mark {
  tse_arena_chunk* head;
  size_t used;       /* head's */
  size_t used_bytes; /* the arena's */
} tse_arena_mark;
tse_arena_mark tse_arena_save(const tse_arena* arena);
void tse_arena_restore(tse_arena* arena, tse_arena_mark mark);

/* A TSE_FRAME_SIZE block (NULL when out of memory), and giving it back. */
void* tse_frame_new(void);
void tse_frame_free(void* frame);
/* While held (by each live config), the module's unloading leaves the block caches alone: worker
   threads may still be using them when the process exits with configs alive. */
void tse_block_cache_hold(int delta);

/*
 * Growing the newest allocation, and growable buffers beside the chunks: what makes string appends
 * (string.c) linear in memory. Both are charged to the arena's limit and freed with it.
 */
/* Grows `allocation` (tse_alloc'd with `old_size`) to `new_size` bytes in place when it is the arena's
   newest and its chunk has room; false (nothing changed) otherwise. */
bool tse_arena_extend(tse_ctx* ctx, void* allocation, size_t old_size, size_t new_size);
/* A buffer of at least `needed` bytes with `data`'s contents: `data` itself when it has room, else
   one of `wanted` bytes (`needed` if the limit allows no more; `data` NULL: a new buffer, else one
   this returned, which may move and must not be used after). Its first `needed` bytes are
   addressable; *capacity gets its size. Fails the hook past the limit. */
void* tse_arena_buffer_reserve(tse_ctx* ctx, void* data, size_t needed, size_t wanted, size_t* capacity);

/* tse_fail with a printf-style message (formatted into memory the ctx owns until tse_ctx_release). */
TSE_NORETURN void tse_failf(tse_ctx* ctx, const char* format, ...) __attribute__((format(printf, 2, 3)));
/* Frees what a failure left in the ctx: call once its message has been reported. */
void tse_ctx_release(tse_ctx* ctx);

/* ================================================================== failed_streams.c: failed light streams */

/* Remembers this thread's Envoy stream as failed (http_filter.c); false when out of memory (the
   stream's later hooks would run). The rest of the set's interface is in tse.h. */
bool tse_failed_streams_add(const void* envoy_filter);
bool tse_failed_streams_has_slow(const void* envoy_filter);
static inline bool tse_failed_streams_has(const void* envoy_filter) {
  return TSE_UNLIKELY(__atomic_load_n(&tse_failed_streams_alive, __ATOMIC_RELAXED) != 0) && tse_failed_streams_has_slow(envoy_filter);
}

/* ================================================================== string.c: strings */

tse_str tse_str_from_utf8(tse_ctx* ctx, const char* bytes, size_t length);
tse_str tse_str_from_ascii(tse_ctx* ctx, const char* bytes, size_t length);
/* UTF-8 bytes of s (lone surrogates become U+FFFD); points into s when s is narrow. */
const char* tse_str_to_utf8(tse_ctx* ctx, tse_str s, size_t* length_out);
/* A `checks` bit, not a check: the string lives in a buffer of tse_arena_buffer_reserve (appends). */
enum { TSE_STR_IN_BUFFER = 0x8000 };
/* A header value's check is per code unit: a string made only of units of strings that passed it
   passes it too (concatenations, substrings, captures), so it inherits the bit instead of a rescan. */
static inline uint16_t tse_str_value_checked(tse_str s) { return s->checks & TSE_STR_CHECKED_HEADER_VALUE; }
/* The one-unit string of an ASCII unit (< 0x80): static, never allocated. */
tse_str tse_str_ascii_unit(uint16_t unit);

/* ================================================================== error.c: errors, throw, the stack guard */

/* String(error): "Name: message", or just the name when the message is empty. */
tse_str tse_error_to_string(tse_ctx* ctx, const tse_error* error);
/*
 * Called by hook glue, before its setjmp: allow the filter this much stack below the current frame
 * (inline: once per hook call). The empty asm hands ctx to code the compiler cannot see: a longjmp
 * returns to the glue's setjmp with what tse_fail wrote into *ctx, and without a call taking ctx
 * before setjmp the compiler may keep, for the failure path, the values the glue stored.
 */
static inline void tse_set_stack_budget(tse_ctx* ctx, size_t bytes) {
  ctx->stack_limit = (const char*)__builtin_frame_address(0) - bytes;
  __asm__ volatile("" : : "r"(ctx) : "memory");
}

/* ================================================================== values.c: values of any type */

/* Bytes one value of `type` takes in a slot (array element, field, local). */
uint32_t tse_slot_size(const tse_type* type);

/* ================================================================== frozen.c: the config's frozen values */

/* A frozen copy of `type`, allocated in the ctx's arena (the config's). */
const tse_type* tse_frozen_type(tse_ctx* ctx, const tse_type* type);
/* dict.c: after a new key was appended (collections.c); and the TypeError a frozen dict's write throws. */
void tse_dict_placed(tse_ctx* ctx, tse_map* dict);
typedef enum tse_dict_write { TSE_DICT_ASSIGN, TSE_DICT_ADD, TSE_DICT_DELETE } tse_dict_write;
TSE_NORETURN void tse_dict_frozen_write(tse_ctx* ctx, const tse_map* dict, tse_value key, tse_dict_write what);
/* collections.c: rebuilds the hash index after entries moved (dict.c keeps property order). */
void tse_map_reindex(tse_ctx* ctx, tse_map* map);
/* The tagged form of the value in a slot of `type` (a dict's values). */
tse_value tse_slot_value(const void* slot, const tse_type* type);
/* The descriptor new values copied from one of this type take (slice, splice results). */
static inline const tse_type* tse_writable_type(const tse_type* type) { return type->frozen_of ? type->frozen_of : type; }
/* What a write to a frozen object attempts; each has its own V8 message. */
typedef enum tse_write { TSE_WRITE_ASSIGN, TSE_WRITE_ADD, TSE_WRITE_DELETE, TSE_WRITE_LENGTH } tse_write;
/* Throws V8's TypeError for `write` to element `index` of a frozen array or tuple. */
TSE_NORETURN void tse_frozen_element_write(tse_ctx* ctx, tse_write write, uint32_t index);

/* ================================================================== arrays.c: arrays */

/* ToIntegerOrInfinity, then relative to `length` (negative counts from the end), clamped (slice, fill, subarray). */
uint32_t tse_relative_index(double value, uint32_t length);

/* ================================================================== collections.c: Map and Set */

bool tse_same_value_zero(tse_value a, tse_value b);

/* ================================================================== json.c: JSON parsing, decoding by type */

/* Parses JSON text and decodes it into a value of `type`, checking `literals` (NULL: none) as it
 * goes; on error sets *error_out to "path: message" (`root_name` stands for the top-level path).
 * Allocates in ctx's arena, the message too. `freeze`: the objects and arrays it makes are frozen
 * (the config). */
typedef enum tse_json_status { TSE_JSON_OK = 0, TSE_JSON_SYNTAX, TSE_JSON_TYPE } tse_json_status;
tse_json_status tse_json_decode(tse_ctx* ctx, const tse_type* type, const tse_literal_check* literals, const char* text,
                                size_t length, bool freeze, void* value_out, const char** error_out, const char* root_name);

/* A per-route config as the module keeps it (http_filter.c makes it; envoy_api.c reads it). */
typedef struct tse_per_route {
  const tse_filter_def* def;
  tse_arena arena;
  void* value;
} tse_per_route;

/* A config passed as-is (its type is a string literal type): NULL when `value` is one of the
 * literals `check` allows, else "expected ..., got ..." (in ctx's arena). */
const char* tse_literal_string_mismatch(tse_ctx* ctx, const tse_literal_check* check, tse_str value);

/* ================================================================== snapshot.c: values a config publishes to its streams */

#include <pthread.h>

/* One published value (its arena, its reference count); snapshot.c. */
typedef struct tse_snapshot_version tse_snapshot_version;

/* A value the config's background task publishes and every stream reads (docs/async.md). */
typedef struct tse_snapshot {
  pthread_mutex_t lock;            /* around reading `current` with counting a reference, and swapping it */
  const char* name;                /* in decode errors ("snapshot") */
  const tse_type* type;
  const tse_literal_check* literals;
  tse_snapshot_version* current;   /* under lock; never NULL between init and destroy */
} tse_snapshot;

/* A version a stream pinned at its first read of a snapshot (in the stream's arena). */
typedef struct tse_snapshot_hold {
  struct tse_snapshot_hold* next;
  const tse_snapshot* snapshot;
  tse_snapshot_version* version;
} tse_snapshot_hold;

/* The first version: `json` decoded as `type` and deep-frozen; false with the reason in `error`. */
bool tse_snapshot_init(tse_snapshot* snapshot, const char* name, const tse_type* type, const tse_literal_check* literals, const char* json,
                       size_t length, char* error, size_t error_capacity);
/* Replaces the current version with `json` decoded; false (the current one stays) when it does not decode. */
bool tse_snapshot_publish_json(tse_snapshot* snapshot, const char* json, size_t length, char* error, size_t error_capacity);
/* The value's slot as the stream sees it: the version its first read pinned (kept in *holds). */
const void* tse_snapshot_read(tse_ctx* ctx, tse_snapshot_hold** holds, tse_snapshot* snapshot);
/* The stream ends: each pinned version is given back (freed when it was the last holder). */
void tse_snapshot_holds_release(tse_snapshot_hold** holds);
/* The config goes away (after its streams): the current version is given back. */
void tse_snapshot_destroy(tse_snapshot* snapshot);
/* Versions not yet freed, every snapshot of the process together (tests). */
long tse_snapshot_live_versions(void);

/* ================================================================== json_write.c: JSON for filter code */

/* JSON.stringify of a string. */
tse_str tse_json_quote(tse_ctx* ctx, tse_str s);

/* ================================================================== js_string.c: String.prototype */

/* V8's String::kMaxLength on 64-bit targets: longer results throw RangeError "Invalid string length". */
#define TSE_JS_MAX_STRING_LENGTH 536870888u

/* Units [start, end) of s (clamped to its length), narrow when they are all ASCII. */
tse_str tse_str_substr_units(tse_ctx* ctx, tse_str s, uint32_t start, uint32_t end);
/* A string of `length` UTF-16 units, narrow when they are all ASCII. */
tse_str tse_str_from_units(tse_ctx* ctx, const uint16_t* units, uint32_t length);

/* ================================================================== js_number.c: Number */

/*
 * Number::toString(x) (radix 10) with V8's digits: the shortest that round-trip, the closest of
 * those. (number.c's tse_number_to_string misses the shortest form at some powers of two, e.g.
 * 2^-1017; this one is exact and is what the functions below use.)
 */
tse_str tse_js_number_to_string(tse_ctx* ctx, double x);

/* ================================================================== unicode_case.c: case mapping tables */

/* The code points cp maps to (1 to 3, written to out) under toLowerCase / toUpperCase, without context. */
uint32_t tse_unicode_to_lower(uint32_t cp, uint32_t out[3]);
uint32_t tse_unicode_to_upper(uint32_t cp, uint32_t out[3]);
/* How the Final_Sigma rule sees a code point. */
enum { TSE_CASE_OTHER = 0, TSE_CASE_CASED = 1, TSE_CASE_IGNORABLE = 2 };
int tse_unicode_case_class(uint32_t cp);

/* ================================================================== regex.c: RegExp */

tse_str tse_regexp_to_string(tse_ctx* ctx, const tse_regexp* re); /* "/source/flags" */

/* ================================================================== bytes.c: Uint8Array, text codecs */

/* String(x) of a Uint8Array ("1,2,3"), TextEncoder or TextDecoder; NULL for other objects. */
tse_str tse_bytes_to_string(tse_ctx* ctx, const void* ref);

/* ================================================================== envoy_api.c: Envoy's log */

/* One line in Envoy's log (level: an envoy_dynamic_module_type_log_level) at a source location. */
void tse_envoy_log_at(int32_t level, const char* message, size_t length, const char* source_file, uint32_t source_line);

/* ================================================================== envoy_api.c: metrics */

/* A metric the config defined: what a handle (its index) stands for. */
typedef struct tse_metric {
  int32_t kind; /* TSE_METRIC_COUNTER, ... */
  uint32_t tag_count;
  size_t envoy_id;
  const char* name; /* UTF-8, in the config's arena */
  void* shared_value; /* TSE_METRIC_SHARED_COUNTER: its _Atomic int64_t, in the config's arena */
} tse_metric;

typedef struct tse_metric_table {
  tse_metric* items; /* in the config's arena */
  uint32_t count;
  uint32_t capacity;
} tse_metric_table;

/* ================================================================== async.c: the stream's side of async hooks */

/* Which hook an async frame belongs to (http_filter.c resumes it). */
enum { TSE_ASYNC_REQUEST_HEADERS = 1, TSE_ASYNC_RESPONSE_HEADERS, TSE_ASYNC_REQUEST_TRAILERS, TSE_ASYNC_RESPONSE_TRAILERS,
       TSE_ASYNC_REQUEST_BODY, TSE_ASYNC_RESPONSE_BODY };
/* What arrived on a body hook's path while it waited (tse_async_state.held): http_filter.c runs it after. */
enum { TSE_HELD_CHUNK = 1, TSE_HELD_END = 2, TSE_HELD_TRAILERS = 4 };

/* Per stream, in its tse_stream; all fields are the stream's worker thread's except where noted. */
typedef struct tse_async_state {
  void* envoy_filter;   /* the stream's envoy_ptr, for the scheduler */
  void* scheduler;      /* Envoy's HTTP filter scheduler, made at the first timer, deleted with the stream */
  void* frame;          /* the suspended hook's frame; NULL: none is suspended */
  int32_t hook;         /* TSE_ASYNC_*: the suspended hook */
  bool end_of_stream;   /* its argument */
  uint8_t held;         /* TSE_HELD_*: chunks and trailers that arrived while a body hook waited */
  uint64_t timer_event; /* the event the pending timer commits; 0: none pending */
  uint64_t last_event;
  uint64_t callout_id;  /* the pending HTTP callout; 0: none */
  tse_str callout_cluster;
  struct tse_async_group* group; /* the sleeps and callouts of the `await Promise.all` pending, if any */
  /* A config's background task (background.c): its timers and callouts are the config's; NULL: a stream's. */
  void* envoy_config;
  const struct tse_async_config_api* config_api;
  struct tse_http_stream* http_streams; /* streamed callouts this stream started (async_stream.c), newest first */
  struct tse_http_stream* http_stream_starting; /* the one being started: events Envoy delivers inline go to it */
  uint32_t last_http_stream;            /* the last HttpStream handle given out */
  bool http_stream_calling;             /* inside an Envoy call on a stream: its events come inline, in a hook */
  struct tse_snapshot_hold* snapshot_holds; /* snapshot versions the stream pinned (snapshot.c), given back when it ends */
} tse_async_state;

#ifdef TSE_ENVOY_ABI_H
/* The config's scheduler and callouts, reached through background.c's table so that only modules
 * with a background task import these callbacks (the native host and older tools lack them). */
typedef struct tse_async_config_api {
  void* (*scheduler_new)(void* envoy_config);
  void (*scheduler_commit)(void* scheduler, uint64_t event_id);
  void (*scheduler_delete)(void* scheduler);
  envoy_dynamic_module_type_http_callout_init_result (*http_callout)(void* envoy_config, uint64_t* callout_id,
                                                                     envoy_dynamic_module_type_module_buffer cluster,
                                                                     envoy_dynamic_module_type_module_http_header* headers, size_t count,
                                                                     envoy_dynamic_module_type_module_buffer body, uint64_t timeout_ms);
} tse_async_config_api;
#endif

/* One element of `await Promise.all([...])`: a timer or a callout, and what it gave. */
typedef struct tse_async_slot {
  uint64_t event;     /* its timer's scheduler event; 0: none or fired */
  uint64_t callout;   /* its callout's id; 0: none or done */
  tse_str cluster;
  tse_str result;     /* the callout's response as JSON */
} tse_async_slot;

/* `await Promise.all([...])` (in the stream's arena): resumes when every slot is done, or at the first rejection. */
typedef struct tse_async_group {
  uint32_t count, started, pending;
  bool collecting;       /* between group_begin and group_end: sleep() and httpCallout() add slots */
  tse_async_slot* arriving; /* the callout take_callout matched, which complete_callout fills */
  tse_error* refusal;    /* the first callout that did not start: group_end throws it */
  tse_async_slot slots[];
} tse_async_group;

/* What Envoy's on_http_filter_http_callout_done hands over (valid during that call only). */
typedef struct tse_callout_completion {
  int32_t result;      /* envoy_dynamic_module_type_http_callout_result */
  const void* headers; /* envoy_dynamic_module_type_envoy_http_header[header_count] */
  size_t header_count;
  const void* chunks;  /* envoy_dynamic_module_type_envoy_buffer[chunk_count] */
  size_t chunk_count;
} tse_callout_completion;

/* Whether `callout_id` is the stream's pending callout (which it clears). */
bool tse_async_take_callout(tse_async_state* state, uint64_t callout_id);
/* The innermost suspended frame gets the callout's response (JSON) or its rejection; false: a group waits on. */
bool tse_async_complete_callout(tse_ctx* ctx, tse_async_frame* frame, const tse_callout_completion* completion);

/* A hook returned suspended: the stream waits for its timer (or fails closed: two suspended hooks). */
bool tse_async_hold(tse_async_state* state, tse_ctx* ctx, int32_t hook, bool end_of_stream);
/* Envoy's scheduled event `event_id` arrived: whether it is the pending timer's (which it clears). */
bool tse_async_take_event(tse_async_state* state, uint64_t event_id);
/* The stream is destroyed: its timer is cancelled (under the timer thread's lock) and the scheduler deleted. */
void tse_async_release(tse_async_state* state);
/* A plain timer of `ms` for `state` (a background task's next run), as its one pending timer; false: none could start. */
bool tse_async_timer_start(tse_ctx* ctx, tse_async_state* state, double ms);
/* The clock timers and the failure-line window run on: CLOCK_MONOTONIC, or a test host's virtual clock (async.c). */
int64_t tse_monotonic_ns(void);

/* An event of a streamed callout (async_stream.c) as Envoy hands it over (valid during that call only). */
typedef struct tse_http_stream_event {
  int32_t kind;        /* TSE_HTTP_STREAM_* */
  const void* headers; /* envoy_dynamic_module_type_envoy_http_header[count]: headers, trailers */
  const void* chunks;  /* envoy_dynamic_module_type_envoy_buffer[count]: data */
  size_t count;
  bool end_stream;
  int32_t reset_reason; /* envoy_dynamic_module_type_http_stream_reset_reason */
  void* envoy_filter;   /* the filter's envoy_ptr: an overflowing stream is reset */
} tse_http_stream_event;
enum { TSE_HTTP_STREAM_HEADERS, TSE_HTTP_STREAM_DATA, TSE_HTTP_STREAM_TRAILERS, TSE_HTTP_STREAM_COMPLETE, TSE_HTTP_STREAM_RESET };
/* async.c's pieces async_stream.c shares: the error, the request headers (module_http_header[*count_out]), the headers' JSON. */
tse_error* tse_callout_error(tse_ctx* ctx, const char* what, tse_str cluster, const char* reason);
void* tse_callout_headers(tse_ctx* ctx, tse_str method, tse_str path, tse_str cluster, tse_array* headers, size_t* count_out);
tse_str tse_callout_response_json(tse_ctx* ctx, const tse_callout_completion* completion);
/* Headers (envoy_dynamic_module_type_envoy_http_header[count]) as the JSON a Header[] is decoded from. */
tse_str tse_headers_json(tse_ctx* ctx, const void* headers, size_t count);
#ifdef TSE_ENVOY_ABI_H
/* A callout's request as Envoy takes it (httpCallout, startHttpStream); timeout 5000 ms unless 1 ms to a day. */
typedef struct tse_callout_request {
  envoy_dynamic_module_type_module_http_header* headers;
  size_t header_count;
  envoy_dynamic_module_type_module_buffer cluster, body;
  uint64_t timeout;
} tse_callout_request;
tse_callout_request tse_callout_request_of(tse_ctx* ctx, tse_str cluster, tse_str method, tse_str path, tse_array* headers, tse_str body,
                                           double timeout_ms);
#endif
/* Records the event for the stream's HttpStream `stream_id`; true: the hook waiting on it resumes now. */
bool tse_http_stream_event_arrived(tse_async_state* state, uint64_t stream_id, const tse_http_stream_event* event);
/* The stream is destroyed: the buffered response bytes are freed (Envoy resets the callouts itself). */
void tse_http_streams_release(tse_async_state* state);

/* What http_filter.c calls of the above, through tse_module_async_ops (tse.h). */
typedef struct tse_async_ops {
  bool (*hold)(tse_async_state* state, tse_ctx* ctx, int32_t hook, bool end_of_stream);
  bool (*take_event)(tse_async_state* state, uint64_t event_id);
  void (*release)(tse_async_state* state);
  bool (*take_callout)(tse_async_state* state, uint64_t callout_id);
  bool (*complete_callout)(tse_ctx* ctx, tse_async_frame* frame, const tse_callout_completion* completion);
  bool (*http_stream_event)(tse_async_state* state, uint64_t stream_id, const tse_http_stream_event* event);
} tse_async_ops;

/* ================================================================== background.c: a config's background task */

typedef struct tse_background_task {
  /* Set by the config (http_filter.c) before tse_background_start: */
  void (*run)(tse_ctx* ctx, void* self); /* the task's run method (generated glue) */
  void* self;                            /* the task object, in the config's arena, deep-frozen */
  double every_ms;                       /* from one run's end to the next run's start */
  size_t memory_limit;                   /* of each run's arena */
  struct tse_metric_table* metrics;      /* the config's, for the run's ctx */
  struct tse_log_writers* log_writers;
  /* An uncaught throw ended a run (site: where; NULL: nowhere in particular). */
  void (*report)(void* owner, const char* message, const tse_site* site);
  void* owner;
  /* The task's own: */
  tse_async_state async; /* envoy_config set: the config's scheduler and callouts */
  tse_arena arena;       /* the current run's */
  bool arena_live;       /* a run is under way (waiting, or running) */
  bool stopped;
  uint64_t runs, failures; /* runs settled, and how many of them threw */
} tse_background_task;

/*
 * A ctx for code that runs for a config, not a stream (the config stage, a background task's run):
 * the config's tables, the module's CPU budget, `stack_budget` bytes of stack below the caller's
 * frame (always inlined, so the frame is the caller's: the one that holds the setjmp).
 */
static inline __attribute__((always_inline)) void tse_config_ctx_init(tse_ctx* ctx, tse_arena* arena, tse_jmp_buf* fail_target, struct tse_metric_table* metrics,
                                                                      struct tse_log_writers* log_writers, void* envoy_config, size_t stack_budget) {
  memset(ctx, 0, sizeof *ctx);
  ctx->arena = arena;
  ctx->fail_target = fail_target;
  ctx->fuel = tse_module_cpu_budget;
  ctx->metrics = metrics;
  ctx->log_writers = log_writers;
  ctx->envoy_config = envoy_config;
  tse_set_stack_budget(ctx, stack_budget);
}

/* A run threw: the filter's failures counter `counter` of Envoy's config, from the config (background_api.c). */
void tse_background_count_failure(void* envoy_config, size_t counter);
/* The task of the HTTP filter config `config_module_ptr` (http_filter.c), NULL when it has none. */
tse_background_task* tse_http_config_background_task(const void* config_module_ptr);
/* A run of the config's task threw: its failure line and counter (http_filter.c; the task's report). */
void tse_http_config_report_task_failure(void* owner, const char* message, const tse_site* site);
/* The config's task, if any: its first run, once the config stage returned; and its end (background_api.c). */
void tse_http_config_task_start(void* config_module_ptr, void* envoy_config);
void tse_http_config_task_stop(void* config_module_ptr);
/* The first run, now (on the main thread, in the config's creation). */
void tse_background_start(tse_background_task* task, void* envoy_config);
/* The config's scheduled event: a sleep of the run is over, or the interval before the next run. */
void tse_background_scheduled(tse_background_task* task, uint64_t event_id);
/* A config-level callout's response: the run that waits for it goes on. */
void tse_background_callout_done(tse_background_task* task, uint64_t callout_id, const tse_callout_completion* completion);
/* The config is destroyed: no more of the task runs; its timer, scheduler and arena go. */
void tse_background_stop(tse_background_task* task);
/* ================================================================== the other kinds' glue (issue 11) */

#include <setjmp.h>

/* http_filter.c's failure-line rate limit, decoding and config stage, for network_filter.c and listener_filter.c. */
typedef struct tse_failure_log tse_failure_log;
tse_failure_log* tse_failure_log_new(void); /* calloc'ed: free() it */
bool tse_failure_log_take(tse_failure_log* log, uint64_t* unreported);
uint64_t tse_failure_log_suppressed(const tse_failure_log* log);
#ifdef TSE_ENVOY_ABI_H /* the files that speak to Envoy include envoy_abi.h first */
bool tse_decode_filter_config(tse_arena* arena, const tse_type* type, const tse_literal_check* literals, bool raw,
                              envoy_dynamic_module_type_envoy_buffer config, void** value_out, char* error, size_t error_capacity);
#endif
void tse_log_error_at(const char* message, const tse_site* site);

typedef struct tse_kind_config_stage {
  void* (*configure)(tse_ctx* ctx, void* config);
  tse_arena* arena;
  tse_metric_table* metrics;
  void* envoy_config;
  tse_log_writers* log_writers;
  const tse_metric_ops* metric_ops;
} tse_kind_config_stage;
bool tse_run_kind_config_stage(const tse_kind_config_stage* stage, void** value, char* error, size_t error_capacity, const tse_site** site);
void tse_kind_ctx_init(tse_ctx* ctx, tse_arena* arena, void* envoy_filter, tse_jmp_buf* fail_target, tse_metric_table* metrics,
                       tse_log_writers* log_writers, tse_bytes** borrowed, const tse_metric_ops* metric_ops);

/* envoy_api.c's metric checks, for the other kinds' metric methods. */
const tse_metric* tse_metric_checked(tse_ctx* ctx, const char* method, int32_t kind, double handle);
/* The entry `handle` names if it is of `kind` (any table kind), else a TypeError naming `method`. */
const tse_metric* tse_metric_entry(tse_ctx* ctx, const char* method, int32_t kind, double handle);
/* Adds an entry to the config's metric table (in the config's arena); its handle. */
double tse_metric_table_add(tse_ctx* ctx, tse_metric_table* table, tse_metric metric);
/* The shared_value of the table's first entry of `kind` (a config's one background task), NULL if none. */
void* tse_metric_table_find(const tse_metric_table* table, int32_t kind);
uint64_t tse_metric_amount(tse_ctx* ctx, const char* method, double value);
#ifdef TSE_ENVOY_ABI_H
/* envoy_api.c's view of bytes handed to Envoy: a borrowed view is copied first (the change may free it). */
envoy_dynamic_module_type_module_buffer tse_bytes_module_buffer(tse_ctx* ctx, const tse_bytes* b);
#endif

/* kind_glue.c: a config and a connection's (or socket's) frame of any other kind. */
typedef struct tse_kind_spec {
  const char* label;       /* "network filter" */
  const char* fail_action; /* "closed the connection" */
  const tse_metric_ops* metric_ops;
  void (*count_failure)(void* envoy_filter, size_t counter);
  void (*close)(void* envoy_filter); /* fail closed */
} tse_kind_spec;

typedef struct tse_kind_config {
  const tse_kind_spec* spec;
  const tse_kind_def* def;
  tse_arena arena;
  void* config_value;
  size_t failure_counter;
  bool has_failure_counter;
  tse_failure_log* failure_log;
  tse_metric_table metrics;
  tse_log_writers log_writers;
  void* envoy_config; /* Envoy's config (access loggers count their failures through it) */
} tse_kind_config;

typedef struct tse_kind_frame {
  tse_kind_config* config;
  void* self;
  bool failed;
  bool factory_failed;   /* reported at the first hook, when Envoy lets the filter close */
  char* pending_message; /* the factory's failure (malloc'ed; NULL: out of memory) */
  const tse_site* pending_site;
  int64_t kind_state; /* the kind's own (listener_filter.c: max read bytes, -1 until asked) */
  tse_arena arena;
  tse_bytes* borrowed;
} tse_kind_frame;

#ifdef TSE_ENVOY_ABI_H
const tse_kind_def* tse_kind_def_named(const tse_kind_spec* spec, const tse_kind_def* const* defs, uint32_t count, envoy_dynamic_module_type_envoy_buffer name);
tse_kind_config* tse_kind_config_new(const tse_kind_spec* spec, const tse_kind_def* def, void* envoy_config, envoy_dynamic_module_type_envoy_buffer config);
#endif
void tse_kind_config_destroy(tse_kind_config* cfg);
tse_kind_frame* tse_kind_frame_new(tse_kind_config* cfg, void* envoy_filter);
void tse_kind_frame_free(tse_kind_frame* frame);
void tse_kind_ctx_enter(tse_ctx* ctx, tse_kind_frame* frame, void* envoy_filter, tse_jmp_buf* fail_target);
/* Logs and counts the failure, and closes (spec->close); no more filter code runs for the frame. */
void tse_kind_fail(tse_kind_frame* frame, void* envoy_filter, const char* phase, const char* reason, const tse_site* site);
/* Whether the factory failed: then reports it (once) as tse_kind_fail does. */
bool tse_kind_factory_failed(tse_kind_frame* frame, void* envoy_filter);

/*
 * A kind's metric glue (define_metric, update_metric, count_failure for its tse_kind_spec) over its
 * own Envoy callbacks: the ABI gives each kind the same five callbacks under its own prefix, so the
 * switch is written once here. DEFINE is the prefix of the config's define_* callbacks, UPDATE of
 * the updates (their first argument is what the kind's metric updates take: filter or config).
 */
#define TSE_KIND_METRIC_GLUE(DEFINE, UPDATE)                                                                            \
  static int32_t define_metric(void* envoy_config, int32_t kind, const char* name, size_t length, size_t* id) {          \
    envoy_dynamic_module_type_module_buffer buffer = {name, length};                                                     \
    switch (kind) {                                                                                                      \
      case TSE_METRIC_COUNTER:                                                                                           \
        return DEFINE##_define_counter(envoy_config, buffer, id);                                                        \
      case TSE_METRIC_GAUGE:                                                                                             \
        return DEFINE##_define_gauge(envoy_config, buffer, id);                                                          \
      default:                                                                                                           \
        return DEFINE##_define_histogram(envoy_config, buffer, id);                                                      \
    }                                                                                                                    \
  }                                                                                                                      \
  static void update_metric(void* envoy_target, int32_t update, size_t id, uint64_t amount) {                            \
    switch (update) {                                                                                                    \
      case TSE_METRIC_INCREMENT_COUNTER:                                                                                 \
        UPDATE##_increment_counter(envoy_target, id, amount);                                                            \
        break;                                                                                                           \
      case TSE_METRIC_SET_GAUGE:                                                                                         \
        UPDATE##_set_gauge(envoy_target, id, amount);                                                                    \
        break;                                                                                                           \
      case TSE_METRIC_INCREASE_GAUGE:                                                                                    \
        UPDATE##_increment_gauge(envoy_target, id, amount);                                                              \
        break;                                                                                                           \
      case TSE_METRIC_DECREASE_GAUGE:                                                                                    \
        UPDATE##_decrement_gauge(envoy_target, id, amount);                                                              \
        break;                                                                                                           \
      default:                                                                                                           \
        UPDATE##_record_histogram_value(envoy_target, id, amount);                                                       \
        break;                                                                                                           \
    }                                                                                                                    \
  }                                                                                                                      \
  static void count_failure(void* envoy_target, size_t counter) { UPDATE##_increment_counter(envoy_target, counter, 1); }

#endif /* TSE_INTERNAL_H */
