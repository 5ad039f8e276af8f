/**
 * Writing build outputs: the output directory, and files replaced atomically (a temporary file in
 * the same directory, fsynced, then renamed over the target). A file Envoy has mapped is never
 * rewritten in place: rewriting a loaded .so changes the code under a running Envoy and crashes it.
 * Every file system error becomes a UsageError naming the path and what to do (exit code 2).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { UsageError } from "./diagnostics.js";

const reasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EISDIR: "it is a directory",
  ENOTDIR: "a component of the path is not a directory",
  EEXIST: "it exists and is not a directory",
  ENOENT: "no such file or directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "the name is too long",
  EXDEV: "it is on another file system",
  EBUSY: "the device or resource is busy",
  EIO: "input/output error",
};

const hints: Record<string, string> = {
  EACCES: "choose a directory you can write to with -o",
  EPERM: "choose a directory you can write to with -o",
  EROFS: "choose a writable directory with -o",
  ENOSPC: "free some space or choose another directory with -o",
  EDQUOT: "free some space or choose another directory with -o",
  EISDIR: "remove that directory, or choose another -o or --name",
  ENOTDIR: "pass -o a directory, or a path that does not exist yet",
  EEXIST: "pass -o a directory, or a path that does not exist yet",
  ENOENT: "the file system does not take new files there (as /proc and /sys do not): pass -o an ordinary directory",
};

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" ? (error as NodeJS.ErrnoException).code : undefined;
}

/** "reason (CODE)" for a file system error. */
export function describeFileSystemError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === undefined) return message;
  const precise = (error as { reason?: unknown }).reason;
  if (typeof precise === "string") return `${precise} (${code})`;
  // Node's message is "CODE: description, syscall 'path'": keep the description.
  return `${reasons[code] ?? message.replace(/^[A-Z0-9]+: /, "").replace(/, \w+ '.*$/, "")} (${code})`;
}

/** `error` from a file system call on `subject` (e.g. "write /x/lib.so") as an error users can act on. */
export function fileSystemError(subject: string, error: unknown): Error {
  const code = errorCode(error);
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  return new UsageError(`cannot ${subject}: ${describeFileSystemError(error)}; ${hints[code] ?? "check the path, or choose another directory with -o"}`);
}

/** An error like Node's, with a reason more precise than the code's. */
function errnoError(code: string, reason: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${reason}`), { code, reason });
}

/**
 * Creates `dir` and its missing parents (throwing Node's errors). Walks the components itself:
 * Node's recursive mkdir retries forever when a parent exists but mkdir says ENOENT (procfs).
 */
export function makeDirectories(dir: string, mode = 0o777): void {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(current);
    } catch (error) {
      // ENOTDIR: a component above is a file; walking up finds it and says which.
      if (errorCode(error) !== "ENOENT" && errorCode(error) !== "ENOTDIR") throw error;
    }
    if (stat) {
      if (stat.isDirectory()) break;
      throw current === absolute ? errnoError("EEXIST", "it exists and is not a directory") : errnoError("ENOTDIR", `${current} is not a directory`);
    }
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const component of missing.reverse()) {
    try {
      fs.mkdirSync(component, { mode });
    } catch (error) {
      if (errorCode(error) === "EEXIST" && fs.statSync(component).isDirectory()) continue; // made by a parallel build
      throw error;
    }
  }
}

/** The output directory, created if missing. */
export function ensureOutputDirectory(dir: string): void {
  try {
    makeDirectories(dir);
  } catch (error) {
    throw fileSystemError(`create directory ${dir}`, error);
  }
}

/**
 * Replaces `target` with `data` atomically: readers (Envoy) see the old file or the new one, never
 * a mix, and a mapped old file keeps its bytes. Hand-written rather than write-file-atomic, which
 * opens a predictable temporary name without O_EXCL and follows symlinks there: unsafe for root
 * building into a shared directory.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o666): void {
  const dir = path.dirname(target);
  const temporary = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode);
  } catch (error) {
    throw fileSystemError(`write ${target}`, error);
  }
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw fileSystemError(`write ${target}`, error);
  }
  syncDirectory(dir);
}

/** Makes the rename durable; some file systems cannot fsync a directory, which only loses durability. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    fs.fsyncSync(fd);
  } catch {
    // best effort: the new file is in place either way
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
