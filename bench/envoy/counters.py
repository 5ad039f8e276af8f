"""
Per-process CPU counters through perf_event_open(2), for bench.py's rounds: cycles and instructions
an Envoy spends in user space while wrk drives it, summed over its threads.

CPU time from /proc moves in scheduler ticks and with the clock frequency; cycles and instructions
per request are what the "extra CPU over hand-written C" target is about and are far steadier on a
quiet machine. Not every machine has them: a VM often has no hardware counters (open fails with
ENOENT), and perf_event_paranoid or a seccomp filter may refuse them; bench.py then reports CPU time
alone. Python's ctypes and the raw syscall, because the benchmark's device payload carries no perf
binary and no Python packages.
"""
import ctypes
import os
import platform
import struct

PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE = 0, 1
# event name -> (type, config) of perf_event_attr
EVENTS = {
    "cycles": (PERF_TYPE_HARDWARE, 0),  # PERF_COUNT_HW_CPU_CYCLES
    "instructions": (PERF_TYPE_HARDWARE, 1),  # PERF_COUNT_HW_INSTRUCTIONS
    "task_clock_ns": (PERF_TYPE_SOFTWARE, 1),  # PERF_COUNT_SW_TASK_CLOCK: any Linux, for tests
}
HARDWARE = ["cycles", "instructions"]

_SYSCALL = {"x86_64": 298, "aarch64": 241}.get(platform.machine())
_ATTR_SIZE = 112  # PERF_ATTR_SIZE_VER5; the fields after config are zero but for read_format and the flags
_READ_FORMAT = 1 | 2  # PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING: scale if multiplexed
_FLAGS = (1 << 5) | (1 << 6)  # exclude_kernel, exclude_hv: user space, which perf_event_paranoid 2 allows
_libc = ctypes.CDLL(None, use_errno=True)


def _open(tid, event):
    kind, config = EVENTS[event]
    attr = ctypes.create_string_buffer(_ATTR_SIZE)
    struct.pack_into("IIQQQQQ", attr, 0, kind, _ATTR_SIZE, config, 0, 0, _READ_FORMAT, _FLAGS)
    fd = _libc.syscall(_SYSCALL, attr, tid, -1, -1, 0)
    if fd < 0:
        raise OSError(ctypes.get_errno(), f"perf_event_open({event}): {os.strerror(ctypes.get_errno())}")
    return fd


def unavailable(events=HARDWARE):
    """None when this process can count `events` on its own threads, else why not."""
    if _SYSCALL is None:
        return f"no perf_event_open number for {platform.machine()}"
    for event in events:
        try:
            os.close(_open(os.getpid(), event))
        except OSError as error:
            return error.strerror
    return None


class ProcessCounters:
    """Counters on every thread `pid` has when opened (Envoy starts its workers before serving)."""

    def __init__(self, pid, events=HARDWARE):
        self.events = list(events)
        self.fds = []
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                for event in self.events:
                    try:
                        self.fds.append((event, _open(int(tid), event)))
                    except OSError:
                        if os.path.exists(f"/proc/{pid}/task/{tid}"):
                            raise  # a thread that ended meanwhile did nothing to count
        except BaseException:
            self.close()
            raise

    def read(self):
        """Counts since opening, per event, summed over the threads (scaled where the kernel multiplexed)."""
        totals = dict.fromkeys(self.events, 0.0)
        for event, fd in self.fds:
            value, enabled, running = struct.unpack("QQQ", os.read(fd, 24))
            totals[event] += value * enabled / running if running else 0.0
        return totals

    def close(self):
        for _, fd in self.fds:
            os.close(fd)
        self.fds = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
