package org.jackdesk.engine.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps the CPUs out of their sleeping idle states while the console runs, the way cyclictest and
 * tuned's latency-performance profile do: a CPU-latency request of 0 µs written to
 * {@code /dev/cpu_dma_latency} (the kernel's PM QoS interface), held as long as the file stays open
 * and dropped by the kernel when it closes, also when the process dies. An idle CPU then polls
 * instead of halting.
 *
 * <p>Why (docs/engine-notes.md, "Idle CPUs that halt"): on this project's machine kind, a virtual
 * machine whose kernel is booted with guest halt polling off, an idle virtual CPU halts and waking
 * it costs whatever the host takes to run it again. At 64 frames JACK wakes the audio thread 750
 * times a second, each time on a halted CPU: measured interleaved, that wake made a do-nothing JACK
 * client miss 67–191 cycles a minute (3–4 with idle polling) and tripled the console's p99.9. The
 * price: idle CPUs spin (power, heat, a virtual machine's host CPU), so {@code -Djackdesk.cpuIdle=os}
 * leaves the choice to the system.
 *
 * <p>Thread: any (start-up and shutdown).
 */
public final class CpuIdleHold implements AutoCloseable {
    /** {@code poll} (default): hold a 0 µs CPU-latency request; {@code os}: leave idle states to the system. */
    public static final String PROPERTY = "jackdesk.cpuIdle";
    static final Path DEVICE = Path.of("/dev/cpu_dma_latency");
    private static final Path DRIVER = Path.of("/sys/devices/system/cpu/cpuidle/current_driver");

    private final FileChannel channel;
    private final String description;

    private CpuIdleHold(FileChannel channel, String description) {
        this.channel = channel;
        this.description = description;
    }

    /**
     * Holds the request when {@code -Djackdesk.cpuIdle} is {@code poll} (the default) and the
     * device can be written; otherwise returns a hold that holds nothing and says why.
     *
     * @throws IllegalArgumentException when the property is neither {@code poll} nor {@code os}
     */
    public static CpuIdleHold acquire() {
        String mode = System.getProperty(PROPERTY, "poll").trim();
        if (mode.equals("os")) return new CpuIdleHold(null, "CPU idle states left to the system (-D" + PROPERTY + "=os)" + driver());
        if (!mode.equals("poll")) throw new IllegalArgumentException("-D" + PROPERTY + " must be poll or os, got '" + mode + "'");
        return acquire(DEVICE);
    }

    /** Writes a 0 µs request to {@code device} and keeps it open. Package-private for tests. */
    static CpuIdleHold acquire(Path device) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(device, StandardOpenOption.WRITE);
            // The kernel takes a binary 32-bit value in the CPU's byte order (or a hex string).
            ByteBuffer zero = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0).flip();
            while (zero.hasRemaining()) ch.write(zero);
            return new CpuIdleHold(ch, "CPU idle held at polling (" + device + " = 0 µs while running)" + driver());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the request goes with the descriptor either way
                }
            }
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied: run as root, or let the"
                    + " audio group write it (a udev rule: KERNEL==\"cpu_dma_latency\", GROUP=\"audio\", MODE=\"0660\")"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such device (a kernel without PM QoS)"
                    : String.valueOf(e.getMessage());
            return new CpuIdleHold(null, "CPU idle NOT held (" + device + ": " + why + ")" + driver());
        }
    }

    private static String driver() {
        try {
            return "; cpuidle driver " + Files.readString(DRIVER).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** True while the 0 µs request is held. */
    public boolean held() {
        return channel != null && channel.isOpen();
    }

    /** One line for the start-up log and the benchmarks' header, e.g. "CPU idle held at polling (...)". */
    public String describe() {
        return description;
    }

    /** Drops the request. Idempotent. */
    @Override
    public void close() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing the descriptor drops the request whatever close reports
        }
    }
}
