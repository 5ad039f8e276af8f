/*
 * The allocator: arenas (bump allocation in chunks, freed all at once when a stream or config
 * ends), the blocks stream frames and arena chunks come from, objects, and the fail-closed jump.
 * It calls nothing above it (libc only).
 *
 * A stream's first chunk lives inside its frame (http_filter.c), so a stream that allocates less
 * than that takes no allocation of its own. Frames and the standard chunk that follows them are
 * fixed-size blocks kept for reuse in a per-thread cache:
 *   - Envoy runs a stream on one worker thread from creation to destruction, and configs are
 *     shared by every worker: a cache per thread needs no atomics and no lock on the hot path, and
 *     workers never contend for a cache line (a per-config lock-free stack would bounce one
 *     between every worker on every stream, and its ABA protection needs a double-width
 *     compare-and-swap);
 *   - each cache keeps a bounded number of blocks, so a burst of streams gives its memory back to
 *     malloc once it is over;
 *   - the caches are registered in a list, and the module's destructor (dlclose, which Envoy does
 *     only once every config of the module is gone) frees every cached block; at process exit,
 *     with configs still alive, they are left to the exiting process.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse_internal.h"

/*
 * Under AddressSanitizer (TSE_SANITIZE=1 in the tests, TSE_ASAN: tse.h) every allocation is
 * followed by a poisoned redzone, the free part of a chunk stays poisoned, and so do cached blocks.
 */
#ifdef TSE_ASAN
enum { TSE_REDZONE = 16 };
#else
enum { TSE_REDZONE = 0 };
#endif

/* ------------------------------------------------------------------ block cache */

enum { TSE_BLOCK_FRAME, TSE_BLOCK_CHUNK, TSE_BLOCK_KINDS };
static const size_t block_size[TSE_BLOCK_KINDS] = {TSE_FRAME_SIZE, TSE_CHUNK_SIZE};
/* At most this many free blocks of each kind per thread: 64 frames (96 KiB), 16 chunks (64 KiB). */
static const uint32_t block_keep[TSE_BLOCK_KINDS] = {64, 16};

typedef struct free_block {
  struct free_block* next;
} free_block;

typedef struct block_cache {
  struct block_cache* next_cache; /* the registry of every thread's cache */
  free_block* free[TSE_BLOCK_KINDS];
  uint32_t count[TSE_BLOCK_KINDS];
} block_cache;

/* initial-exec: a fixed offset from the thread pointer, no __tls_get_addr call (and no dynamic TLS
   block, which LeakSanitizer of clang 14 crashes scanning); 8 bytes of glibc's static TLS surplus. */
static _Thread_local block_cache* thread_cache __attribute__((tls_model("initial-exec")));
static _Atomic(block_cache*) all_caches;
static atomic_long holds; /* tse_block_cache_hold */

static block_cache* own_cache(void) {
  block_cache* cache = thread_cache;
  if (TSE_LIKELY(cache != NULL)) return cache;
  cache = calloc(1, sizeof *cache);
  if (cache == NULL) return NULL;
  /* Only pushed, never popped while the module is loaded: no ABA. */
  block_cache* head = atomic_load_explicit(&all_caches, memory_order_relaxed);
  do {
    cache->next_cache = head;
  } while (!atomic_compare_exchange_weak_explicit(&all_caches, &head, cache, memory_order_release, memory_order_relaxed));
  thread_cache = cache;
  return cache;
}

static void* block_get(int kind) {
  block_cache* cache = own_cache();
  free_block* block = cache ? cache->free[kind] : NULL;
  if (TSE_UNLIKELY(block == NULL)) return malloc(block_size[kind]);
  ASAN_UNPOISON_MEMORY_REGION(block, block_size[kind]);
  cache->free[kind] = block->next;
  cache->count[kind]--;
  return block;
}

static void block_put(int kind, void* memory) {
  block_cache* cache = own_cache();
  if (TSE_UNLIKELY(cache == NULL || cache->count[kind] >= block_keep[kind])) {
    free(memory);
    return;
  }
  free_block* block = memory;
  block->next = cache->free[kind];
  cache->free[kind] = block;
  cache->count[kind]++;
  /* The link stays readable: LeakSanitizer follows it to find the cached blocks. */
  ASAN_POISON_MEMORY_REGION(block + 1, block_size[kind] - sizeof *block);
}

void* tse_frame_new(void) { return block_get(TSE_BLOCK_FRAME); }
void tse_frame_free(void* frame) { block_put(TSE_BLOCK_FRAME, frame); }

void tse_block_cache_hold(int delta) { atomic_fetch_add_explicit(&holds, delta, memory_order_relaxed); }

__attribute__((destructor)) static void release_block_caches(void) {
  /* At process exit with configs alive, worker threads may still be using their caches. */
  if (atomic_load(&holds) != 0) return;
  block_cache* cache = atomic_exchange(&all_caches, NULL);
  while (cache != NULL) {
    for (int kind = 0; kind < TSE_BLOCK_KINDS; kind++) {
      while (cache->free[kind] != NULL) {
        free_block* block = cache->free[kind];
        ASAN_UNPOISON_MEMORY_REGION(block, block_size[kind]);
        cache->free[kind] = block->next;
        free(block);
      }
    }
    block_cache* next = cache->next_cache;
    free(cache);
    cache = next;
  }
}

/* ------------------------------------------------------------------ arenas */

static void arena_buffers_free(tse_arena* arena);

void tse_arena_free(tse_arena* arena) {
  tse_arena_chunk* chunk = arena->head;
  while (chunk != NULL) {
    tse_arena_chunk* next = chunk->next;
    ASAN_UNPOISON_MEMORY_REGION(chunk->data, chunk->capacity);
    if (chunk->origin == TSE_CHUNK_CACHED) block_put(TSE_BLOCK_CHUNK, chunk);
    else if (chunk->origin == TSE_CHUNK_MALLOC) free(chunk);
    chunk = next;
  }
  arena->head = NULL;
  arena->used_bytes = 0;
  if (TSE_UNLIKELY(arena->buffers != NULL)) arena_buffers_free(arena);
}

tse_arena_mark tse_arena_save(const tse_arena* arena) {
  return (tse_arena_mark){arena->head, arena->head ? arena->head->used : 0, arena->used_bytes};
}

/* Frees the chunks taken since the mark and rewinds the chunk that was the head. */
void tse_arena_restore(tse_arena* arena, tse_arena_mark mark) {
  while (arena->head != mark.head) {
    tse_arena_chunk* chunk = arena->head;
    arena->head = chunk->next;
    ASAN_UNPOISON_MEMORY_REGION(chunk->data, chunk->capacity);
    if (chunk->origin == TSE_CHUNK_CACHED) block_put(TSE_BLOCK_CHUNK, chunk);
    else free(chunk);
  }
  if (mark.head != NULL) {
    ASAN_POISON_MEMORY_REGION(mark.head->data + mark.used, mark.head->used - mark.used);
    mark.head->used = mark.used;
  }
  arena->used_bytes = mark.used_bytes;
}

static void* arena_alloc_slow(tse_ctx* ctx, tse_arena* arena, size_t size) {
  enum { STANDARD = TSE_CHUNK_SIZE - sizeof(tse_arena_chunk) };
  size_t capacity = size > STANDARD ? size : STANDARD;
  /* Grow chunk sizes geometrically with the arena so big streams take few mallocs. */
  tse_arena_chunk* head = arena->head;
  if (head != NULL && head->origin != TSE_CHUNK_INLINE && capacity < head->capacity * 2 && head->capacity < (1u << 20)) {
    capacity = head->capacity * 2;
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
  bool standard = capacity == STANDARD;
  tse_arena_chunk* chunk = standard ? block_get(TSE_BLOCK_CHUNK) : malloc(charge);
  if (chunk == NULL) tse_fail(ctx, "out of memory");
  chunk->capacity = capacity;
  chunk->used = size;
  chunk->origin = standard ? TSE_CHUNK_CACHED : TSE_CHUNK_MALLOC;
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

void* tse_new_object(tse_ctx* ctx, size_t size, const tse_type* type) {
  tse_header* object = tse_alloc(ctx, size);
  memset(object, 0, size);
  object->type = type;
  return object;
}

/* ------------------------------------------------------------------ growing in place, growable buffers */

bool tse_arena_extend(tse_ctx* ctx, void* allocation, size_t old_size, size_t new_size) {
  tse_arena_chunk* chunk = ctx->arena->head;
  if (chunk == NULL) return false;
  size_t old_taken = ((old_size + 15) & ~(size_t)15) + TSE_REDZONE;
  size_t new_taken = ((new_size + 15) & ~(size_t)15) + TSE_REDZONE;
  unsigned char* start = allocation;
  /* Only the chunk's newest allocation ends where its free part starts. */
  if (start + old_taken != chunk->data + chunk->used || new_taken < old_taken) return false;
  if (chunk->capacity - chunk->used < new_taken - old_taken) return false;
  chunk->used += new_taken - old_taken;
  ASAN_POISON_MEMORY_REGION(start, new_taken);
  ASAN_UNPOISON_MEMORY_REGION(start, new_size);
  return true;
}

/* Separate mallocs, not chunks: one can be reallocated (and so freed) as it grows. */
typedef struct tse_arena_buffer {
  struct tse_arena_buffer* next;
  struct tse_arena_buffer** link; /* the pointer to this one: the arena's list or the previous one's next */
  size_t capacity;
  _Alignas(16) unsigned char data[];
} tse_arena_buffer;

static tse_arena_buffer* buffer_of(const void* data) {
  return (tse_arena_buffer*)(void*)((unsigned char*)(uintptr_t)data - offsetof(tse_arena_buffer, data));
}

void* tse_arena_buffer_reserve(tse_ctx* ctx, void* data, size_t needed, size_t wanted, size_t* capacity) {
  tse_arena* arena = ctx->arena;
  tse_arena_buffer* old = data != NULL ? buffer_of(data) : NULL;
  if (old != NULL && needed <= old->capacity) {
    ASAN_UNPOISON_MEMORY_REGION(old->data, needed);
    *capacity = old->capacity;
    return data;
  }
  size_t old_charge = old != NULL ? sizeof(tse_arena_buffer) + old->capacity : 0;
  size_t limit = TSE_REDZONE ? arena->limit_bytes * 2 : arena->limit_bytes;
  size_t size = wanted > needed ? wanted : needed;
  /* As for chunks: the geometric growth must not be what makes the stream fail. */
  if (arena->used_bytes - old_charge + sizeof(tse_arena_buffer) + size > limit) size = needed;
  if (arena->used_bytes - old_charge + sizeof(tse_arena_buffer) + size > limit) {
    tse_failf(ctx, "memory limit exceeded: a stream may use at most %zu bytes", arena->limit_bytes);
  }
  if (old != NULL) {
    ASAN_UNPOISON_MEMORY_REGION(old->data, old->capacity);
    *old->link = old->next; /* unlinked while it moves; relinked first below */
    if (old->next != NULL) old->next->link = old->link;
  }
  tse_arena_buffer* buffer = realloc(old, sizeof(tse_arena_buffer) + size);
  if (buffer == NULL) {
    if (old != NULL) {
      /* Still the arena's: give it back to the list so that the arena frees it. */
      old->next = arena->buffers;
      old->link = &arena->buffers;
      if (old->next != NULL) old->next->link = &old->next;
      arena->buffers = old;
    }
    tse_fail(ctx, "out of memory");
  }
  buffer->capacity = size;
  buffer->next = arena->buffers;
  buffer->link = &arena->buffers;
  if (buffer->next != NULL) buffer->next->link = &buffer->next;
  arena->buffers = buffer;
  arena->used_bytes = arena->used_bytes - old_charge + sizeof(tse_arena_buffer) + size;
  ASAN_POISON_MEMORY_REGION(buffer->data + needed, size - needed);
  *capacity = size;
  return buffer->data;
}

static void arena_buffers_free(tse_arena* arena) {
  tse_arena_buffer* buffer = arena->buffers;
  while (buffer != NULL) {
    tse_arena_buffer* next = buffer->next;
    ASAN_UNPOISON_MEMORY_REGION(buffer->data, buffer->capacity);
    free(buffer);
    buffer = next;
  }
  arena->buffers = NULL;
}

/* ------------------------------------------------------------------ early release (tse_mark) */

void tse_mark_save(tse_ctx* ctx, tse_mark* mark) {
  tse_arena* arena = ctx->arena;
  tse_arena_chunk* head = arena->head;
  *mark = (tse_mark){head, head ? head->used : 0, arena->used_bytes, arena->buffers, ctx->borrowed ? *ctx->borrowed : NULL};
}

void tse_mark_release(tse_ctx* ctx, const tse_mark* saved) {
  tse_arena* arena = ctx->arena;
  tse_mark mark = *saved;
#ifndef TSE_ASAN
  /* Everything since the mark fit its chunk (the common case): two stores. */
  if (TSE_LIKELY(arena->head == mark.head && arena->buffers == mark.buffers && (ctx->borrowed == NULL || *ctx->borrowed == mark.borrowed) && mark.head != NULL)) {
    mark.head->used = mark.used;
    arena->used_bytes = mark.used_bytes;
    return;
  }
#endif
  /* Buffers taken since the mark are at the head of the list (older ones only grow, relinked
     first, through appends the compiler never releases). */
  while (TSE_UNLIKELY(arena->buffers != mark.buffers) && arena->buffers != NULL) {
    tse_arena_buffer* buffer = arena->buffers;
    arena->buffers = buffer->next;
    if (buffer->next != NULL) buffer->next->link = &arena->buffers;
    ASAN_UNPOISON_MEMORY_REGION(buffer->data, buffer->capacity);
    free(buffer);
  }
  /* Views borrowed since are at the head of the stream's list (a detach empties it). */
  if (ctx->borrowed) {
    while (*ctx->borrowed != mark.borrowed && *ctx->borrowed != NULL) *ctx->borrowed = (*ctx->borrowed)->next_borrowed;
  }
  tse_arena_restore(arena, (tse_arena_mark){mark.head, mark.used, mark.used_bytes});
}

/* ------------------------------------------------------------------ failing closed */

#ifdef TSE_OWN_JUMPS
/*
 * tse.h's tse_setjmp and tse_longjmp on x86-64 (System V): the callee-saved registers, the stack
 * pointer as the caller sees it after the call, and the return address; the jump back restores
 * them and returns 1 from tse_setjmp. Hidden: the module exports only Envoy's ABI.
 */
__asm__(
    ".pushsection .text.tse_jumps, \"ax\", @progbits\n"
    ".p2align 4\n"
    ".globl tse_setjmp_x86_64\n"
    ".hidden tse_setjmp_x86_64\n"
    ".type tse_setjmp_x86_64, @function\n"
    "tse_setjmp_x86_64:\n"
    "  movq %rbx, 0(%rdi)\n"
    "  movq %rbp, 8(%rdi)\n"
    "  movq %r12, 16(%rdi)\n"
    "  movq %r13, 24(%rdi)\n"
    "  movq %r14, 32(%rdi)\n"
    "  movq %r15, 40(%rdi)\n"
    "  leaq 8(%rsp), %rdx\n"
    "  movq %rdx, 48(%rdi)\n"
    "  movq (%rsp), %rdx\n"
    "  movq %rdx, 56(%rdi)\n"
    "  xorl %eax, %eax\n"
    "  ret\n"
    ".size tse_setjmp_x86_64, .-tse_setjmp_x86_64\n"
    ".p2align 4\n"
    ".globl tse_longjmp_x86_64\n"
    ".hidden tse_longjmp_x86_64\n"
    ".type tse_longjmp_x86_64, @function\n"
    "tse_longjmp_x86_64:\n"
    "  movq 0(%rdi), %rbx\n"
    "  movq 8(%rdi), %rbp\n"
    "  movq 16(%rdi), %r12\n"
    "  movq 24(%rdi), %r13\n"
    "  movq 32(%rdi), %r14\n"
    "  movq 40(%rdi), %r15\n"
    "  movq 48(%rdi), %rsp\n"
    "  movl $1, %eax\n"
    "  jmpq *56(%rdi)\n"
    ".size tse_longjmp_x86_64, .-tse_longjmp_x86_64\n"
    ".popsection\n");
#endif

void tse_fail(tse_ctx* ctx, const char* message) {
  ctx->fail_message = message;
  tse_longjmp(*ctx->fail_target);
}

void tse_failf(tse_ctx* ctx, const char* format, ...) {
  /* Formatted on the failure path only, so the context carries no buffer for it. */
  va_list args;
  va_start(args, format);
  int length = vsnprintf(NULL, 0, format, args);
  va_end(args);
  char* message = length >= 0 ? malloc((size_t)length + 1) : NULL;
  if (message == NULL) tse_fail(ctx, "out of memory (while reporting a failure)");
  va_start(args, format);
  vsnprintf(message, (size_t)length + 1, format, args);
  va_end(args);
  free(ctx->fail_message_owned);
  ctx->fail_message_owned = message;
  tse_fail(ctx, message);
}

void tse_ctx_release(tse_ctx* ctx) {
  free(ctx->fail_message_owned);
  ctx->fail_message_owned = NULL;
}
