/* What the runtime harnesses share: a context over a fresh arena, as the glue makes one (no Envoy). */
#ifndef TSE_HARNESS_CTX_H
#define TSE_HARNESS_CTX_H

#include <setjmp.h>
#include <string.h>

#include "tse_internal.h"

/* The caller runs setjmp(*fail_target) before using ctx, and frees the arena after. */
static inline void harness_ctx_init(tse_ctx* ctx, tse_arena* arena, jmp_buf* fail_target) {
  tse_arena_init(arena, 1u << 20, NULL, 0);
  memset(ctx, 0, sizeof *ctx);
  ctx->arena = arena;
  ctx->fail_target = fail_target;
}

#endif
