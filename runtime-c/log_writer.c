/*
 * Log writers (EnvoyFilterConfig.openLogWriter, EnvoyHttpFilter.writeLogLine): a stream hands a
 * line to a queue under a mutex held for a few stores, and returns; one background thread per
 * file takes lines off the queue and write(2)s them, so an Envoy worker never waits on the disk.
 * The files are opened in the config stage (a bad path rejects the config); when Envoy destroys
 * the config (no stream uses it any more) the threads write what is queued and the files close.
 * Lines are written unbuffered, so a crash or an exit that skips config destruction loses only
 * the lines still queued.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tse_internal.h"

/* Beyond this many bytes waiting (a disk far slower than the traffic), lines are dropped. */
#define TSE_LOG_WRITER_MAX_PENDING ((size_t)64 << 20)

typedef struct tse_log_line {
  struct tse_log_line* next;
  size_t length;
  char bytes[];
} tse_log_line;

struct tse_log_writer;

typedef struct tse_log_file {
  struct tse_log_writer* writer;
  int fd;
  pthread_t thread;
} tse_log_file;

typedef struct tse_log_writer {
  pthread_mutex_t lock;
  pthread_cond_t ready;
  tse_log_line* head;
  tse_log_line* tail;
  size_t pending_bytes;
  bool closing;
  uint32_t file_count;
  uint32_t started; /* threads running */
  tse_log_file files[];
} tse_log_writer;

static void write_all(int fd, const char* bytes, size_t length) {
  while (length > 0) {
    ssize_t written = write(fd, bytes, length);
    if (written < 0) {
      if (errno == EINTR) continue;
      return; /* a full or failing disk loses the line: there is no one to tell */
    }
    bytes += written;
    length -= (size_t)written;
  }
}

static void* drain(void* arg) {
  tse_log_file* file = arg;
  tse_log_writer* writer = file->writer;
  pthread_mutex_lock(&writer->lock);
  for (;;) {
    while (writer->head == NULL && !writer->closing) pthread_cond_wait(&writer->ready, &writer->lock);
    tse_log_line* line = writer->head;
    if (line == NULL) break; /* closing, and nothing left */
    writer->head = line->next;
    if (writer->head == NULL) writer->tail = NULL;
    writer->pending_bytes -= line->length;
    pthread_mutex_unlock(&writer->lock);
    write_all(file->fd, line->bytes, line->length);
    free(line);
    pthread_mutex_lock(&writer->lock);
  }
  pthread_mutex_unlock(&writer->lock);
  return NULL;
}

/* Stops the threads once the queue is empty, closes the files, frees the writer. */
static void close_writer(tse_log_writer* writer) {
  pthread_mutex_lock(&writer->lock);
  writer->closing = true;
  pthread_cond_broadcast(&writer->ready);
  pthread_mutex_unlock(&writer->lock);
  for (uint32_t i = 0; i < writer->started; i++) pthread_join(writer->files[i].thread, NULL);
  for (tse_log_line* line = writer->head; line != NULL;) { /* only when no thread started */
    tse_log_line* next = line->next;
    free(line);
    line = next;
  }
  for (uint32_t i = 0; i < writer->file_count; i++) {
    if (writer->files[i].fd >= 0) close(writer->files[i].fd);
  }
  pthread_cond_destroy(&writer->ready);
  pthread_mutex_destroy(&writer->lock);
  free(writer);
}

void tse_log_writers_close(tse_log_writers* writers) {
  for (uint32_t i = 0; i < writers->count; i++) close_writer(writers->items[i]);
  free(writers->items);
  writers->items = NULL;
  writers->count = writers->capacity = 0;
}

/* errno's name, as Node's error codes spell it (glibc's strerrorname_np is 2.32+ only). */
static const char* errno_name(int error) {
  switch (error) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR";
    case EROFS: return "EROFS";
    case ENOSPC: return "ENOSPC";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EPERM: return "EPERM";
    default: return "EIO";
  }
}

TSE_NORETURN static void open_failed(tse_ctx* ctx, tse_log_writer* writer, const char* path, int error) {
  char message[600];
  snprintf(message, sizeof message, "openLogWriter: cannot open '%.400s' (%s)", path, errno_name(error));
  close_writer(writer);
  tse_throw_js_error(ctx, "TypeError", message);
}

double tse_config_open_log_writer(tse_ctx* ctx, tse_array* paths) {
  tse_log_writers* table = ctx->log_writers;
  if (table == NULL || ctx->envoy_config == NULL) tse_throw_js_error(ctx, "TypeError", "log writers are opened in the config stage only");
  if (paths == NULL || paths->length == 0) tse_throw_js_error(ctx, "TypeError", "openLogWriter: needs at least one path");
  if (table->count == table->capacity) {
    uint32_t capacity = table->capacity ? table->capacity * 2 : 4;
    tse_log_writer** items = realloc(table->items, capacity * sizeof *items);
    if (items == NULL) tse_throw_js_error(ctx, "RangeError", "openLogWriter: out of memory");
    table->items = items;
    table->capacity = capacity;
  }
  tse_log_writer* writer = calloc(1, sizeof *writer + paths->length * sizeof writer->files[0]);
  if (writer == NULL) tse_throw_js_error(ctx, "RangeError", "openLogWriter: out of memory");
  pthread_mutex_init(&writer->lock, NULL);
  pthread_cond_init(&writer->ready, NULL);
  writer->file_count = paths->length;
  for (uint32_t i = 0; i < paths->length; i++) writer->files[i] = (tse_log_file){writer, -1, 0};
  for (uint32_t i = 0; i < paths->length; i++) {
    size_t length;
    const char* bytes = tse_str_to_utf8(ctx, ((tse_str*)paths->data)[i], &length);
    char* path = tse_alloc(ctx, length + 1);
    memcpy(path, bytes, length);
    path[length] = 0;
    if (length == 0 || memchr(path, 0, length) != NULL) open_failed(ctx, writer, path, ENOENT);
    writer->files[i].fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (writer->files[i].fd < 0) open_failed(ctx, writer, path, errno);
  }
  /* The threads take no signals: Envoy's handlers run on its own threads. */
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  for (uint32_t i = 0; i < paths->length; i++) {
    if (pthread_create(&writer->files[i].thread, NULL, drain, &writer->files[i]) != 0) break;
    pthread_setname_np(writer->files[i].thread, "tse_log_writer");
    writer->started++;
  }
  pthread_sigmask(SIG_SETMASK, &previous, NULL);
  if (writer->started < writer->file_count) {
    close_writer(writer);
    tse_throw_js_error(ctx, "TypeError", "openLogWriter: cannot start a writer thread");
  }
  table->items[table->count] = writer;
  return table->count++;
}

bool tse_http_write_log_line(tse_ctx* ctx, double handle, tse_str text) {
  const tse_log_writers* table = ctx->log_writers;
  if (table == NULL || !(handle >= 0 && handle < table->count && handle == (double)(uint32_t)handle)) {
    tse_throw_js_error(ctx, "TypeError", "writeLogLine: not a log writer opened by this filter's config");
  }
  tse_log_writer* writer = table->items[(uint32_t)handle];
  size_t length;
  const char* bytes = tse_str_to_utf8(ctx, text, &length);
  tse_log_line* line = malloc(sizeof *line + length + 1);
  if (line == NULL) return false;
  memcpy(line->bytes, bytes, length);
  line->bytes[length] = '\n';
  line->length = length + 1;
  line->next = NULL;
  pthread_mutex_lock(&writer->lock);
  if (writer->pending_bytes + line->length > TSE_LOG_WRITER_MAX_PENDING) {
    pthread_mutex_unlock(&writer->lock);
    free(line);
    return false;
  }
  if (writer->tail != NULL) writer->tail->next = line;
  else writer->head = line;
  writer->tail = line;
  writer->pending_bytes += line->length;
  pthread_cond_signal(&writer->ready);
  pthread_mutex_unlock(&writer->lock);
  return true;
}
