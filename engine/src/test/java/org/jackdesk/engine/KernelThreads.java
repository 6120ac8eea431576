package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's threads as the kernel sees them ({@code /proc/self/task}): whether one runs, and
 * how it is scheduled — for the tests of the disk threads' scheduling (the recorder's writer, the
 * player's read-ahead), which must not take the thread's own word for it. A thread is found by its
 * name, which the kernel keeps to 15 characters ({@code jackdesk-recorder} is {@code jackdesk-record}).
 * Thread: any.
 */
public final class KernelThreads {
    private KernelThreads() {}

    /** Whether a thread of this process whose name starts with {@code comm} runs. */
    public static boolean running(String comm) {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().startsWith(comm)) return true;
                } catch (IOException gone) {
                    // the thread ended while listed
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a disk thread says of its scheduling ({@code said}: {@code Recorder#diskScheduling},
     * {@code Player#diskScheduling}) and the kernel's view of thread {@code comm} agree: SCHED_FIFO 1
     * when {@code fifo} (the machine allows it and nothing turned it off), else normal priority.
     */
    public static void assertDiskScheduling(String said, String comm, boolean fifo) throws IOException {
        long[] policy = sched(comm);
        if (fifo) {
            assertEquals("SCHED_FIFO 1", said);
            assertEquals(1, policy[0], "the kernel's policy of the disk thread (1: SCHED_FIFO)");
            assertEquals(1, policy[1], "its rt_priority");
        } else {
            assertTrue(said.startsWith("normal priority ("), said);
            assertEquals(0, policy[0], "SCHED_OTHER");
        }
    }

    /** Policy (0 SCHED_OTHER, 1 SCHED_FIFO) and rt_priority of this process's thread whose name starts with {@code comm}. */
    public static long[] sched(String comm) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm")).trim();
                if (!name.startsWith(comm)) continue;
                String stat = Files.readString(task.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from 3 on
                return new long[] {Long.parseLong(f[41 - 3]), Long.parseLong(f[40 - 3])};
            }
        }
        throw new AssertionError("no thread named " + comm + " in /proc/self/task");
    }
}
