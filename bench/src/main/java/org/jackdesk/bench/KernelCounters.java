package org.jackdesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's own counters of interrupts, soft interrupts and disk writes, whole-machine (and this
 * process's writes), read from {@code /proc} at the start and end of a stretch of a benchmark: does
 * a take's disk I/O bring the interrupts and the writeback that take the CPU from the audio thread
 * (issue 18)? Every reading is a file read and a parse on the benchmark's own thread, never on the
 * audio thread; a counter this kernel does not offer reads -1 ("unknown") and stays so in every
 * difference.
 *
 * <p>Sources: {@code /proc/stat} ({@code intr} total, {@code softirq} total and its BLOCK column:
 * the completions of block I/O); {@code /proc/interrupts} rows of the disks' own interrupt lines
 * (found through {@code /sys/block/DISK/device} up to the device's {@code msi_irqs} or {@code irq});
 * {@code /proc/diskstats} sectors written (512 bytes each) of the whole disks in {@code /sys/block}
 * that hold storage (not loop, ram, zram, device-mapper or md: those pass their writes on to a disk
 * counted already, or keep them in memory); {@code /proc/self/io} {@code write_bytes}, the bytes
 * this process caused to be written to storage (counted when the page is dirtied, not when the
 * kernel writes it back).
 *
 * <p>Thread: any non-audio thread.
 */
public final class KernelCounters {
    /** The column of the BLOCK soft interrupt in {@code /proc/stat}'s {@code softirq} line (after the total: HI, TIMER, NET_TX, NET_RX, BLOCK). */
    static final int BLOCK_SOFTIRQ_COLUMN = 5;

    /** The counters at one instant; -1 where unknown. */
    public record Sample(long nanos, long interrupts, long softirqs, long blockSoftirqs, long diskInterrupts, long diskBytesWritten,
                         long processBytesWritten) {
        /** What happened from {@code start} to this sample. */
        public Delta since(Sample start) {
            return new Delta((nanos - start.nanos) / 1e9, diff(interrupts, start.interrupts), diff(softirqs, start.softirqs),
                    diff(blockSoftirqs, start.blockSoftirqs), diff(diskInterrupts, start.diskInterrupts),
                    diff(diskBytesWritten, start.diskBytesWritten), diff(processBytesWritten, start.processBytesWritten));
        }

        private static long diff(long end, long start) {
            return end < 0 || start < 0 ? -1 : Math.max(0, end - start);
        }
    }

    /**
     * The counts over {@code seconds}: interrupts (all, every CPU), soft interrupts (all, and BLOCK),
     * the disks' own interrupts, bytes the whole disks wrote, bytes this process had written; -1 unknown.
     */
    public record Delta(double seconds, long interrupts, long softirqs, long blockSoftirqs, long diskInterrupts, long diskBytesWritten,
                        long processBytesWritten) {
        /** The sum of two stretches; a counter unknown in either is unknown in the sum. */
        public Delta plus(Delta o) {
            return new Delta(seconds + o.seconds, add(interrupts, o.interrupts), add(softirqs, o.softirqs),
                    add(blockSoftirqs, o.blockSoftirqs), add(diskInterrupts, o.diskInterrupts),
                    add(diskBytesWritten, o.diskBytesWritten), add(processBytesWritten, o.processBytesWritten));
        }

        /** {@code count} per second of this stretch; NaN when unknown. */
        public double perSecond(long count) {
            return count < 0 || seconds <= 0 ? Double.NaN : count / seconds;
        }

        private static long add(long a, long b) {
            return a < 0 || b < 0 ? -1 : a + b;
        }
    }

    private final Set<String> disks;
    private final Set<String> diskIrqs;

    private KernelCounters(Set<String> disks, Set<String> diskIrqs) {
        this.disks = disks;
        this.diskIrqs = diskIrqs;
    }

    /** The disks and their interrupt lines, looked up once (before the measurement). */
    static KernelCounters open() {
        Set<String> disks = new HashSet<>(), irqs = new HashSet<>();
        try (var s = Files.list(Path.of("/sys/block"))) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!storage(name)) continue;
                disks.add(name);
                try {
                    irqs.addAll(interruptLines(p.resolve("device")));
                } catch (IOException | RuntimeException e) {
                    // a disk without a device behind it (nbd, a virtual one): its writes count, its interrupts are not known
                }
            }
        } catch (IOException | RuntimeException e) {
            // no sysfs: the disk counters read unknown
        }
        return new KernelCounters(Set.copyOf(disks), Set.copyOf(irqs));
    }

    /** The disks counted (e.g. [vda]) and their interrupt lines (e.g. [35, 36]), for the report. */
    String describe() {
        return "disks " + (disks.isEmpty() ? "unknown" : String.join(", ", new java.util.TreeSet<>(disks)))
                + ", their interrupt lines " + (diskIrqs.isEmpty() ? "unknown" : String.join(", ", new java.util.TreeSet<>(diskIrqs)));
    }

    /** A block device that holds storage of its own (its writes are not counted on another disk too). */
    static boolean storage(String name) {
        return !(name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram") || name.startsWith("dm-")
                || name.startsWith("md") || name.startsWith("sr") || name.startsWith("fd"));
    }

    /** The interrupt lines of the device at {@code device} or its first parent that has them (a virtio disk's PCI function). */
    private static Set<String> interruptLines(Path device) throws IOException {
        Path p = device.toRealPath();
        for (int up = 0; up < 4 && p != null; up++, p = p.getParent()) {
            Path msi = p.resolve("msi_irqs");
            if (Files.isDirectory(msi)) {
                try (var s = Files.list(msi)) {
                    Set<String> lines = new HashSet<>();
                    for (Path q : s.toList()) lines.add(q.getFileName().toString());
                    if (!lines.isEmpty()) return lines;
                }
            }
            Path irq = p.resolve("irq");
            if (Files.isRegularFile(irq)) {
                String n = Files.readString(irq).trim();
                if (!n.isEmpty() && !n.equals("0")) return Set.of(n);
            }
        }
        return Set.of();
    }

    /** The counters now. */
    Sample read() {
        long nanos = System.nanoTime();
        List<String> stat = lines("/proc/stat");
        return new Sample(nanos, statColumn(stat, "intr", 0), statColumn(stat, "softirq", 0),
                statColumn(stat, "softirq", BLOCK_SOFTIRQ_COLUMN),
                diskIrqs.isEmpty() ? -1 : interrupts(lines("/proc/interrupts"), diskIrqs),
                disks.isEmpty() ? -1 : sectorsWritten(lines("/proc/diskstats"), disks) * 512,
                ioField(lines("/proc/self/io"), "write_bytes"));
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Column {@code column} (0: the first number, the total) of {@code /proc/stat}'s line {@code key}; -1 when absent. */
    static long statColumn(List<String> stat, String key, int column) {
        for (String l : stat) {
            String[] f = l.trim().split("\\s+");
            if (f.length > column + 1 && f[0].equals(key)) return number(f[column + 1]);
        }
        return -1;
    }

    /** The interrupts of the lines {@code irqs} summed over every CPU in {@code /proc/interrupts}; -1 when none is listed. */
    static long interrupts(List<String> table, Set<String> irqs) {
        if (table.isEmpty()) return -1;
        int cpus = table.get(0).trim().split("\\s+").length; // the header: CPU0 CPU1 ...
        long sum = 0;
        boolean found = false;
        for (String l : table) {
            String[] f = l.trim().split("\\s+");
            if (f.length < 2 || !f[0].endsWith(":") || !irqs.contains(f[0].substring(0, f[0].length() - 1))) continue;
            found = true;
            for (int i = 1; i <= cpus && i < f.length; i++) {
                long n = number(f[i]);
                if (n < 0) break;
                sum += n;
            }
        }
        return found ? sum : -1;
    }

    /** Sectors written (the 7th number after the name) of the devices {@code disks} in {@code /proc/diskstats}; -1 when none is listed. */
    static long sectorsWritten(List<String> diskstats, Set<String> disks) {
        long sum = 0;
        boolean found = false;
        for (String l : diskstats) {
            String[] f = l.trim().split("\\s+");
            if (f.length < 10 || !disks.contains(f[2])) continue;
            long n = number(f[9]);
            if (n < 0) continue;
            sum += n;
            found = true;
        }
        return found ? sum : -1;
    }

    /** {@code field} of {@code /proc/self/io} ("write_bytes: 4096"); -1 when absent. */
    static long ioField(List<String> io, String field) {
        for (String l : io) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equals(field)) return number(l.substring(colon + 1).trim());
        }
        return -1;
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
