package org.jackdesk.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a whole process, read the same way for a native peer and for this JVM so the two
 * figures compare: the sum over its threads of {@code /proc/PID/task/TID/schedstat}'s first field
 * (nanoseconds on a CPU), falling back to {@code /proc/PID/stat}'s utime+stime (clock ticks,
 * 10 ms resolution) where schedstat is missing. Threads that exit inside a window are not
 * counted; neither jack_mix_box nor the JVM starts or ends threads while measured.
 *
 * <p>Thread: any (blocking file reads: never the audio thread).
 */
final class ProcessCpu {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private ProcessCpu() {}

    /** CPU nanoseconds used so far by this JVM (the JVM's own counter; /proc when it has none). */
    static long self() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return nanos(ProcessHandle.current().pid());
    }

    /** CPU nanoseconds used so far by process {@code pid}, or -1 if it is gone. */
    static long nanos(long pid) {
        long sum = 0;
        boolean any = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat")).trim();
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                    any = true;
                } catch (IOException | RuntimeException e) {
                    // a thread that just ended, or no schedstat on this kernel
                }
            }
        } catch (IOException e) {
            return -1;
        }
        if (any) return sum;
        return statNanos(pid);
    }

    private static long statNanos(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the parenthesised command name: state is field 3, utime 14, stime 15
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The 1-minute load average, or -1 where /proc/loadavg is missing. */
    static double loadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg"));
            return Double.parseDouble(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
