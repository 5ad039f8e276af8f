/*
 * LD_PRELOAD library for test/native/stream-memory.test.ts: counts the heap allocations the shared
 * object named in MALLOC_COUNT_OBJECT makes itself (calls whose return address lies in it) and
 * prints "allocations <calls> <bytes>" to stderr at exit. Everything else passes through to glibc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* pointer, size_t size);

static size_t calls, bytes;
static _Thread_local int inside;

static void count(void* caller, size_t size) {
  if (inside) return;
  inside = 1;
  Dl_info info;
  const char* object = getenv("MALLOC_COUNT_OBJECT");
  if (object != NULL && dladdr(caller, &info) && info.dli_fname != NULL && strstr(info.dli_fname, object) != NULL) {
    calls++;
    bytes += size;
  }
  inside = 0;
}

void* malloc(size_t size) {
  count(__builtin_return_address(0), size);
  return __libc_malloc(size);
}

void* calloc(size_t n, size_t size) {
  count(__builtin_return_address(0), n * size);
  return __libc_calloc(n, size);
}

void* realloc(void* pointer, size_t size) {
  count(__builtin_return_address(0), size);
  return __libc_realloc(pointer, size);
}

__attribute__((destructor)) static void report(void) { fprintf(stderr, "allocations %zu %zu\n", calls, bytes); }
