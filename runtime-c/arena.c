/* Arenas: bump allocation in chunks, freed all at once when a stream or config ends. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse.h"

/*
 * Under AddressSanitizer (TSE_SANITIZE=1 in the tests) every allocation is followed by a poisoned
 * redzone and the free part of a chunk stays poisoned, so overruns inside an arena are caught too.
 */
#if defined(__SANITIZE_ADDRESS__)
#define TSE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TSE_ASAN 1
#endif
#endif
#ifdef TSE_ASAN
#include <sanitizer/asan_interface.h>
enum { TSE_REDZONE = 16 };
#else
#define ASAN_POISON_MEMORY_REGION(address, size) ((void)(address), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(address, size) ((void)(address), (void)(size))
enum { TSE_REDZONE = 0 };
#endif

struct tse_arena_chunk {
  tse_arena_chunk* next;
  size_t capacity;
  size_t used;
  _Alignas(16) unsigned char data[];
};

enum { TSE_ARENA_MIN_CHUNK = 4096 - sizeof(tse_arena_chunk) };

void tse_arena_init(tse_arena* arena, size_t limit_bytes) {
  arena->head = NULL;
  arena->used_bytes = 0;
  arena->limit_bytes = limit_bytes;
}

void tse_arena_free(tse_arena* arena) {
  tse_arena_chunk* chunk = arena->head;
  while (chunk != NULL) {
    tse_arena_chunk* next = chunk->next;
    ASAN_UNPOISON_MEMORY_REGION(chunk->data, chunk->capacity);
    free(chunk);
    chunk = next;
  }
  arena->head = NULL;
  arena->used_bytes = 0;
}

static void* arena_alloc_slow(tse_ctx* ctx, tse_arena* arena, size_t size) {
  size_t capacity = size > TSE_ARENA_MIN_CHUNK ? size : TSE_ARENA_MIN_CHUNK;
  /* Grow chunk sizes geometrically with the arena so big streams take few mallocs. */
  if (arena->head != NULL && capacity < arena->head->capacity * 2 && arena->head->capacity < (1u << 20)) {
    capacity = arena->head->capacity * 2;
    if (capacity < size) capacity = size;
  }
  size_t charge = capacity + sizeof(tse_arena_chunk);
  /* Redzones at most double what allocations take: they must not make a stream fail sooner. */
  size_t limit = TSE_REDZONE ? arena->limit_bytes * 2 : arena->limit_bytes;
  if (arena->used_bytes + charge > limit) {
    /* Retry with the exact size before giving up: the doubling must not cause the failure. */
    capacity = size;
    charge = capacity + sizeof(tse_arena_chunk);
    if (arena->used_bytes + charge > limit) {
      tse_failf(ctx, "memory limit exceeded: a stream may use at most %zu bytes", arena->limit_bytes);
    }
  }
  tse_arena_chunk* chunk = malloc(charge);
  if (chunk == NULL) tse_fail(ctx, "out of memory");
  chunk->capacity = capacity;
  chunk->used = size;
  ASAN_POISON_MEMORY_REGION(chunk->data + size, capacity - size);
  chunk->next = arena->head;
  arena->head = chunk;
  arena->used_bytes += charge;
  return chunk->data;
}

void* tse_alloc(tse_ctx* ctx, size_t size) {
  size_t requested = size;
  (void)requested;
  size = ((size + 15) & ~(size_t)15) + TSE_REDZONE;
  tse_arena* arena = ctx->arena;
  tse_arena_chunk* chunk = arena->head;
  void* result;
  if (TSE_LIKELY(chunk != NULL && chunk->capacity - chunk->used >= size)) {
    result = chunk->data + chunk->used;
    chunk->used += size;
  } else {
    result = arena_alloc_slow(ctx, arena, size);
  }
  ASAN_POISON_MEMORY_REGION(result, size);
  ASAN_UNPOISON_MEMORY_REGION(result, requested);
  return result;
}

void tse_fail(tse_ctx* ctx, const char* message) {
  if (message != ctx->fail_message) {
    snprintf(ctx->fail_message, sizeof ctx->fail_message, "%s", message);
  }
  longjmp(*ctx->fail_target, 1);
}

void tse_failf(tse_ctx* ctx, const char* format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(ctx->fail_message, sizeof ctx->fail_message, format, args);
  va_end(args);
  tse_fail(ctx, ctx->fail_message);
}

tse_array* tse_array_new(tse_ctx* ctx, const tse_type* type, uint32_t slot_size, uint32_t capacity) {
  tse_array* array = tse_alloc(ctx, sizeof(tse_array));
  array->type = type;
  array->length = 0;
  array->capacity = capacity;
  array->data = capacity ? tse_alloc(ctx, (size_t)slot_size * capacity) : NULL;
  return array;
}

void* tse_array_push_slot(tse_ctx* ctx, tse_array* array, uint32_t slot_size) {
  if (TSE_UNLIKELY(tse_is_frozen(array))) tse_frozen_element_write(ctx, TSE_WRITE_ADD, array->length);
  if (array->length == array->capacity) {
    if (array->capacity >= UINT32_MAX / 2) tse_fail(ctx, "array too long");
    uint32_t capacity = array->capacity ? array->capacity * 2 : 4;
    void* data = tse_alloc(ctx, (size_t)slot_size * capacity);
    if (array->length) memcpy(data, array->data, (size_t)slot_size * array->length);
    array->data = data;
    array->capacity = capacity;
  }
  return (unsigned char*)array->data + (size_t)slot_size * array->length++;
}

void* tse_new_object(tse_ctx* ctx, size_t size, const tse_type* type) {
  tse_header* object = tse_alloc(ctx, size);
  memset(object, 0, size);
  object->type = type;
  return object;
}

int32_t tse_check_status(tse_ctx* ctx, double status, int32_t max_status) {
  if (!(status >= 0 && status <= max_status && status == (double)(int32_t)status)) {
    ctx->site = NULL; /* the glue checks the status, no statement of the filter's */
    size_t length;
    const char* text = tse_str_to_utf8(ctx, tse_number_to_string(ctx, status), &length);
    tse_failf(ctx, "hook returned %.*s, which is not a status Envoy defines (0 to %d)", (int)length, text, max_status);
  }
  return (int32_t)status;
}
