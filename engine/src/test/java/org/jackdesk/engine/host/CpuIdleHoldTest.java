package org.jackdesk.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU idle hold: a 0 µs request on the real {@code /dev/cpu_dma_latency} keeps the idle CPUs out
 * of their halting state (seen in the kernel's own cpuidle counters) until it is closed; a device
 * that cannot be written gives a hold that says why; a bad property value is refused.
 */
class CpuIdleHoldTest {
    private static final Path CPU0_IDLE = Path.of("/sys/devices/system/cpu/cpu0/cpuidle");

    /** Entries into cpu0's idle states other than polling (state0 is POLL where the kernel has it). */
    private static long haltEntries() throws Exception {
        long n = 0;
        try (var states = Files.list(CPU0_IDLE)) {
            for (Path s : states.filter(p -> p.getFileName().toString().startsWith("state")).toList()) {
                if (Files.readString(s.resolve("name")).trim().equals("POLL")) continue;
                n += Long.parseLong(Files.readString(s.resolve("usage")).trim());
            }
        }
        return n;
    }

    @Test
    void whileHeldTheIdleCpuPollsAndAfterCloseItHaltsAgain() throws Exception {
        assumeTrue(Files.isWritable(CpuIdleHold.DEVICE), CpuIdleHold.DEVICE + " is not writable here (not root)");
        assumeTrue(Files.isDirectory(CPU0_IDLE.resolve("state1")), "cpu0 has no idle state besides polling here");
        org.jackdesk.engine.jack.JackTestServer.releaseCpuIdle(); // the JACK tests' own hold, if one ran before
        long before = haltEntries();
        Thread.sleep(300); // the machine idles: cpu0 halts now and then
        assumeTrue(haltEntries() > before, "cpu0 did not halt in 300 ms without the hold (a busy machine)");
        try (CpuIdleHold hold = CpuIdleHold.acquire(CpuIdleHold.DEVICE)) {
            assertTrue(hold.held(), hold.describe());
            assertTrue(hold.describe().startsWith("CPU idle held at polling"), hold.describe());
            Thread.sleep(20); // a CPU already halted when the request came wakes at its next interrupt
            long held0 = haltEntries();
            Thread.sleep(500);
            assertEquals(held0, haltEntries(), "cpu0's halting idle states entered while the 0 µs request was held");
        }
        long after0 = haltEntries();
        Thread.sleep(500);
        assertTrue(haltEntries() > after0, "cpu0 must halt again once the request is closed");
    }

    @Test
    void aDeviceThatCannotBeOpenedGivesAHoldThatSaysWhy(@TempDir Path dir) {
        CpuIdleHold none = CpuIdleHold.acquire(dir.resolve("no-such-device"));
        assertFalse(none.held());
        assertTrue(none.describe().startsWith("CPU idle NOT held (") && none.describe().contains("no such device"), none.describe());
        none.close(); // a hold of nothing closes quietly
    }

    @Test
    void thePropertyTakesPollOrOsAndNothingElse() {
        String old = System.getProperty(CpuIdleHold.PROPERTY);
        try {
            System.setProperty(CpuIdleHold.PROPERTY, "os");
            try (CpuIdleHold os = CpuIdleHold.acquire()) {
                assertFalse(os.held());
                assertTrue(os.describe().contains("left to the system"), os.describe());
            }
            System.setProperty(CpuIdleHold.PROPERTY, "halt");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CpuIdleHold::acquire);
            assertTrue(e.getMessage().contains("'halt'") && e.getMessage().contains(CpuIdleHold.PROPERTY), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(CpuIdleHold.PROPERTY);
            else System.setProperty(CpuIdleHold.PROPERTY, old);
        }
    }
}
