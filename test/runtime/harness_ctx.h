/* What the runtime harnesses share: what the runtime needs from a module's generated C, and a
   context over a fresh arena, as the glue makes one (no Envoy). Included by one file a harness. */
#ifndef TSE_HARNESS_CTX_H
#define TSE_HARNESS_CTX_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

TSE_NAMED_TYPE(tse_type_array_string, "string[]", .kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = &tse_type_string);

/* The caller runs tse_setjmp(*fail_target) before using ctx, and frees the arena after. */
static inline void harness_ctx_init(tse_ctx* ctx, tse_arena* arena, tse_jmp_buf* fail_target) {
  tse_arena_init(arena, 1u << 20, NULL, 0);
  memset(ctx, 0, sizeof *ctx);
  ctx->arena = arena;
  ctx->fail_target = fail_target;
}

/* A new stream's first read of `snapshot`, as JSON in `out` (or why it failed); its hold given back. */
static inline void harness_read_json(tse_snapshot* snapshot, const tse_type* type, char* out, size_t capacity) {
  tse_arena arena;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  harness_ctx_init(&ctx, &arena, &fail_target);
  tse_snapshot_hold* holds = NULL;
  if (tse_setjmp(fail_target) == 0) {
    const void* slot = tse_snapshot_read(&ctx, &holds, snapshot);
    size_t n;
    const char* text = tse_str_to_utf8(&ctx, tse_json_stringify(&ctx, slot, type, tse_value_undefined()), &n);
    snprintf(out, capacity, "%.*s", (int)n, text);
  } else {
    snprintf(out, capacity, "failed %s", ctx.fail_message);
  }
  tse_snapshot_holds_release(&holds);
  tse_ctx_release(&ctx);
  tse_arena_free(&arena);
}

#endif
