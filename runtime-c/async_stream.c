/*
 * Streamed HTTP callouts (docs/async.md#streamed-callouts): envoy.startHttpStream and the awaits
 * on its handle. Envoy delivers the response as events (headers, data chunks, trailers, complete
 * or reset) whenever they arrive; a hook reads them one await at a time. So each stream keeps
 * what arrived and was not read yet: the headers, the body bytes (malloc'd: they outlive the hook
 * call that receives them, and are freed as they are read), the trailers, the end, a reset. An await that finds
 * what it asks for goes on at once; otherwise its frame waits, and the event that brings it
 * resumes the hook (http_filter.c). Envoy resets the streams itself when it destroys the filter,
 * after on_http_filter_destroy, and calls the module no more for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

/* Body bytes a stream holds unread before it is reset (Envoy cannot be asked to pause a callout's response). */
#define TSE_HTTP_STREAM_BUFFER_LIMIT (1u << 20)

/* What an await asks for: its kind (0, 1, 2 as lowered) + 1. */
enum { WAIT_NONE, WAIT_HEADERS, WAIT_DATA, WAIT_TRAILERS };

typedef struct tse_http_stream {
  struct tse_http_stream* next;
  uint64_t id;       /* Envoy's stream id */
  uint32_t handle;   /* the HttpStream the filter holds */
  tse_str cluster;   /* for the errors' messages */
  bool open;         /* Envoy still has it: send, sendTrailers and reset reach it */
  bool has_headers;  /* the response's headers arrived (headers[]) */
  bool ended;        /* the response's end arrived: read() gives null once the bytes are read */
  bool overflow;     /* reset by the module: over TSE_HTTP_STREAM_BUFFER_LIMIT unread */
  int32_t reset;     /* -1, or Envoy's reset reason */
  int32_t waiting;   /* WAIT_*: what the suspended frame waits for */
  envoy_dynamic_module_type_envoy_http_header* headers; /* malloc'd, with their bytes */
  size_t header_count;
  envoy_dynamic_module_type_envoy_http_header* trailers; /* malloc'd, with their bytes; NULL: none arrived */
  size_t trailer_count;
  char* data; /* unread body bytes (malloc'd) */
  size_t data_length, data_capacity;
} tse_http_stream;

static const char* const reset_reasons[] = {"connection failure", "connection termination", "local reset", "local refused stream reset",
                                            "overflow", "remote reset", "remote refused stream reset", "protocol error"};

static tse_http_stream* find(tse_async_state* state, double handle) {
  for (tse_http_stream* s = state->http_streams; s != NULL; s = s->next) {
    if ((double)s->handle == handle) return s;
  }
  return NULL;
}

static tse_http_stream* stream_of(tse_ctx* ctx, double handle) {
  tse_async_state* state = ctx->async_state;
  tse_http_stream* s = state != NULL ? find(state, handle) : NULL;
  if (s == NULL) tse_throw(ctx, tse_error_new(ctx, TSE_TYPE_ERROR, tse_str_from_utf8(ctx, "not an HttpStream this stream started", 37)));
  return s;
}

double tse_http_stream_start(tse_ctx* ctx, tse_str cluster, tse_str method, tse_str path, tse_array* headers, tse_str body,
                             bool end_stream, double timeout_ms) {
  tse_async_state* state = ctx->async_state;
  if (state == NULL || ctx->envoy_filter == NULL) tse_fail(ctx, "startHttpStream() can only be called in a stream's hook");
  tse_callout_request request = tse_callout_request_of(ctx, cluster, method, path, headers, body, timeout_ms);
  tse_http_stream* s = tse_alloc(ctx, sizeof *s);
  memset(s, 0, sizeof *s);
  s->cluster = cluster;
  s->reset = -1;
  s->open = true;
  /* Envoy may deliver events inline (a reset while sending the headers): they go to this one. */
  state->http_stream_starting = s;
  uint64_t id = 0;
  state->http_stream_calling = true;
  envoy_dynamic_module_type_http_callout_init_result started = envoy_dynamic_module_callback_http_filter_start_http_stream(
      ctx->envoy_filter, &id, request.cluster, request.headers, request.header_count, request.body, end_stream, request.timeout);
  state->http_stream_calling = false;
  state->http_stream_starting = NULL;
  if (started != envoy_dynamic_module_type_http_callout_init_result_Success) {
    static const char* const refusals[] = {"", "the request lacks :method, :path or host", "no such cluster", "duplicate callout id",
                                           "no healthy upstream host"};
    const char* reason = (unsigned)started < sizeof refusals / sizeof refusals[0] ? refusals[started] : "refused";
    tse_throw(ctx, tse_callout_error(ctx, "httpStream", cluster, reason));
  }
  s->id = id;
  s->handle = ++state->last_http_stream;
  s->next = state->http_streams;
  state->http_streams = s;
  return (double)s->handle;
}

bool tse_http_stream_send(tse_ctx* ctx, double handle, tse_str data, bool end_stream) {
  tse_http_stream* s = stream_of(ctx, handle);
  if (!s->open) return false;
  envoy_dynamic_module_type_module_buffer buffer = {"", 0};
  if (data != NULL) buffer.ptr = tse_str_to_utf8(ctx, data, &buffer.length);
  ctx->async_state->http_stream_calling = true;
  bool sent = envoy_dynamic_module_callback_http_stream_send_data(ctx->envoy_filter, s->id, buffer, end_stream);
  ctx->async_state->http_stream_calling = false;
  return sent;
}

bool tse_http_stream_send_trailers(tse_ctx* ctx, double handle, tse_array* trailers) {
  tse_http_stream* s = stream_of(ctx, handle);
  if (!s->open) return false;
  size_t count;
  envoy_dynamic_module_type_module_http_header* raw = tse_callout_headers(ctx, NULL, NULL, NULL, trailers, &count);
  ctx->async_state->http_stream_calling = true;
  bool sent = envoy_dynamic_module_callback_http_stream_send_trailers(ctx->envoy_filter, s->id, raw, count);
  ctx->async_state->http_stream_calling = false;
  return sent;
}

void tse_http_stream_reset(tse_ctx* ctx, double handle) {
  tse_http_stream* s = stream_of(ctx, handle);
  /* Envoy calls on_http_filter_http_stream_reset inline (LocalReset): the stream is marked there. */
  ctx->async_state->http_stream_calling = true;
  if (s->open) envoy_dynamic_module_callback_http_filter_reset_http_stream(ctx->envoy_filter, s->id);
  ctx->async_state->http_stream_calling = false;
  if (s->reset < 0 && !s->ended) s->reset = envoy_dynamic_module_type_http_stream_reset_reason_LocalReset;
  s->open = false;
}

/* The longest prefix of `data` that does not end inside a UTF-8 sequence (the rest waits for its next chunk). */
static size_t whole_utf8(const char* data, size_t length) {
  size_t back = 0;
  while (back < 3 && back < length && ((unsigned char)data[length - 1 - back] & 0xC0) == 0x80) back++;
  if (back == length) return length;
  unsigned char lead = (unsigned char)data[length - 1 - back];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return need > back + 1 && lead >= 0xC0 ? length - 1 - back : length;
}

/* The body bytes a read takes now: all once the response is over, else up to the last whole UTF-8 character. */
static size_t readable(const tse_http_stream* s) { return s->ended || s->reset >= 0 ? s->data_length : whole_utf8(s->data, s->data_length); }

TSE_NORETURN static void throw_reset(tse_ctx* ctx, const tse_http_stream* s);

/* Whether what `kind` waits for is there: the headers, whole characters of text, or (trailers) the end; or a reset. */
static bool ready(const tse_http_stream* s, int32_t kind) {
  if (s->reset >= 0 || s->ended) return true;
  return kind == WAIT_HEADERS ? s->has_headers : kind == WAIT_DATA && readable(s) > 0;
}

bool tse_http_stream_wait(tse_ctx* ctx, double handle, double kind) {
  tse_http_stream* s = stream_of(ctx, handle);
  int32_t wait = kind == 0 ? WAIT_HEADERS : kind == 1 ? WAIT_DATA : WAIT_TRAILERS;
  if (ready(s, wait)) return true;
  tse_async_state* state = ctx->async_state;
  if (state->frame != NULL && state->frame != ctx->async_frame) {
    tse_fail(ctx, "a second hook of this stream awaits while another one is suspended");
  }
  s->waiting = wait;
  return false;
}

tse_str tse_http_stream_take(tse_ctx* ctx, double handle, double kind) {
  tse_http_stream* s = stream_of(ctx, handle);
  if (kind == 0) {
    if (!s->has_headers) throw_reset(ctx, s);
    tse_callout_completion completion = {0, s->headers, s->header_count, NULL, 0};
    return tse_callout_response_json(ctx, &completion);
  }
  if (kind == 2) {
    /* The end came: the trailers (JSON Header[]) or null; a reset before the end rejects. */
    if (s->reset >= 0) throw_reset(ctx, s);
    return s->trailers != NULL ? tse_headers_json(ctx, s->trailers, s->trailer_count) : tse_str_from_utf8(ctx, "null", 4);
  }
  size_t take = readable(s);
  if (take > 0) {
    tse_str text = tse_str_from_utf8(ctx, s->data, take);
    memmove(s->data, s->data + take, s->data_length - take);
    s->data_length -= take;
    return text;
  }
  if (s->reset < 0) return tse_str_from_utf8(ctx, "", 0);
  throw_reset(ctx, s);
}

bool tse_http_stream_at_end(tse_ctx* ctx, double handle) {
  tse_http_stream* s = stream_of(ctx, handle);
  if (readable(s) > 0) return false;
  if (s->reset < 0) return true;
  throw_reset(ctx, s);
}

static void throw_reset(tse_ctx* ctx, const tse_http_stream* s) {
  const char* reason = s->overflow ? "the response exceeds the buffer limit"
                       : s->reset >= 0 && (unsigned)s->reset < sizeof reset_reasons / sizeof reset_reasons[0] ? reset_reasons[s->reset]
                                                                                                              : "reset";
  char message[80];
  snprintf(message, sizeof message, "reset (%s)", reason);
  tse_error* error = tse_callout_error(ctx, "httpStream", s->cluster, s->overflow ? reason : message);
  error->site = ctx->site;
  tse_throw(ctx, error);
}

static bool append(tse_http_stream* s, const char* bytes, size_t length) {
  if (s->data_length + length > TSE_HTTP_STREAM_BUFFER_LIMIT) return false;
  if (s->data_length + length > s->data_capacity) {
    size_t capacity = (s->data_length + length) * 2 + 256;
    char* grown = realloc(s->data, capacity);
    if (grown == NULL) return false;
    s->data = grown;
    s->data_capacity = capacity;
  }
  if (length) memcpy(s->data + s->data_length, bytes, length);
  s->data_length += length;
  return true;
}

/* A malloc'd copy of Envoy's headers, their bytes after them (Envoy's are valid during its call only); NULL: out of memory. */
static envoy_dynamic_module_type_envoy_http_header* copy_headers(const envoy_dynamic_module_type_envoy_http_header* headers, size_t count) {
  size_t bytes = 0;
  for (size_t i = 0; i < count; i++) bytes += headers[i].key_length + headers[i].value_length;
  envoy_dynamic_module_type_envoy_http_header* copy = malloc(count * sizeof *copy + bytes + 1);
  if (copy == NULL) return NULL;
  char* at = (char*)(copy + count);
  for (size_t i = 0; i < count; i++) {
    memcpy(at, headers[i].key_ptr, headers[i].key_length);
    copy[i].key_ptr = at, copy[i].key_length = headers[i].key_length, at += headers[i].key_length;
    memcpy(at, headers[i].value_ptr, headers[i].value_length);
    copy[i].value_ptr = at, copy[i].value_length = headers[i].value_length, at += headers[i].value_length;
  }
  return copy;
}

bool tse_http_stream_event_arrived(tse_async_state* state, uint64_t stream_id, const tse_http_stream_event* event) {
  tse_http_stream* s = state->http_stream_starting;
  for (tse_http_stream* at = state->http_streams; s == NULL && at != NULL; at = at->next) {
    if (at->id == stream_id && at->open) s = at;
  }
  if (s == NULL) return false;
  switch (event->kind) {
    case TSE_HTTP_STREAM_HEADERS:
      if (!s->has_headers) {
        s->headers = copy_headers(event->headers, event->count);
        s->header_count = event->count;
        s->has_headers = s->headers != NULL;
        /* Out of memory: the wait ends as a reset. */
        if (!s->has_headers) s->reset = envoy_dynamic_module_type_http_stream_reset_reason_Overflow;
      }
      s->ended = s->ended || event->end_stream;
      break;
    case TSE_HTTP_STREAM_DATA: {
      const envoy_dynamic_module_type_envoy_buffer* chunks = event->chunks;
      bool kept = true;
      for (size_t i = 0; i < event->count && kept; i++) kept = append(s, chunks[i].ptr, chunks[i].length);
      if (!kept && s->reset < 0) {
        /* Over the limit unread: the stream is reset (Envoy calls the reset hook inline, which finds it closed). */
        s->overflow = true;
        s->reset = envoy_dynamic_module_type_http_stream_reset_reason_Overflow;
        s->open = false;
        envoy_dynamic_module_callback_http_filter_reset_http_stream(event->envoy_filter, s->id);
      }
      s->ended = s->ended || event->end_stream;
      break;
    }
    case TSE_HTTP_STREAM_TRAILERS:
      if (s->trailers == NULL && !s->ended && s->reset < 0) {
        s->trailers = copy_headers(event->headers, event->count);
        s->trailer_count = event->count;
        if (s->trailers == NULL) s->reset = envoy_dynamic_module_type_http_stream_reset_reason_Overflow;
      }
      s->ended = true;
      break;
    case TSE_HTTP_STREAM_COMPLETE:
      s->ended = true;
      s->open = false;
      break;
    default:
      if (!s->ended && s->reset < 0) s->reset = event->reset_reason;
      s->open = false;
      break;
  }
  if (s->waiting == WAIT_NONE || !ready(s, s->waiting)) return false;
  s->waiting = WAIT_NONE;
  if (state->http_stream_calling) {
    /* Inline, inside another hook of this stream (it reset the stream the suspended one awaits): the
     * suspended hook resumes from the scheduler after it, never inside it (async.c's take_event). */
    if (state->scheduler == NULL) state->scheduler = envoy_dynamic_module_callback_http_filter_scheduler_new(event->envoy_filter);
    if (state->scheduler != NULL) {
      state->timer_event = ++state->last_event;
      envoy_dynamic_module_callback_http_filter_scheduler_commit(state->scheduler, state->timer_event);
    }
    return false;
  }
  return true;
}

void tse_http_streams_release(tse_async_state* state) {
  for (tse_http_stream* s = state->http_streams; s != NULL; s = s->next) {
    free(s->data);
    free(s->headers);
    free(s->trailers);
    s->data = NULL, s->headers = NULL, s->trailers = NULL;
  }
  state->http_streams = NULL;
}
