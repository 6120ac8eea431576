package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bench record}'s kernel counters: each {@code /proc} file parsed as this machine kind
 * writes it (a virtio disk, two CPUs), the whole disks counted once, an unknown counter staying
 * unknown, and a live read on Linux.
 */
class KernelCountersTest {
    private static final List<String> STAT = List.of(
            "cpu  6378107 1919787 1626705 4799037 13226 0 51405 0 0 0",
            "intr 130090290 0 0 0 0 0 1 1 14830 2521 0 1220 1 2466794 0 197227",
            "ctxt 987654321",
            "softirq 40711093 0 4177067 873 13990801 2466535 0 19 10811979 9616 9254203");

    private static final List<String> INTERRUPTS = List.of(
            "           CPU0       CPU1       ",
            " 34:       1220          0 PCI-MSIX-0000:00:05.0   1-edge      virtio4-input",
            " 35:          0          1 PCI-MSIX-0000:00:02.0   0-edge      virtio1-config",
            " 36:          7    2466815 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0",
            "LOC:   44474711   41606417   Local timer interrupts",
            "ERR:          0");

    private static final List<String> DISKSTATS = List.of(
            "   7       0 loop0 0 0 0 0 5 0 800 0 0 0 0 0 0 0 0 0 0",
            " 254       0 vda 1074516 93408 48363690 1813391 1712479 808760 190888216 1226948 0 672032 3466246",
            " 254       1 vda1 1074000 93000 48363000 1813000 1712000 808000 190888000 1226000 0 672000 3466000",
            " 253       0 zram0 0 0 0 0 9 0 72 0 0 0 0 0 0 0 0 0 0");

    @Test
    void procStatGivesTheInterruptTotalAndTheBlockSoftirqColumn() {
        assertEquals(130_090_290L, KernelCounters.statColumn(STAT, "intr", 0));
        assertEquals(40_711_093L, KernelCounters.statColumn(STAT, "softirq", 0));
        assertEquals(2_466_535L, KernelCounters.statColumn(STAT, "softirq", KernelCounters.BLOCK_SOFTIRQ_COLUMN));
        assertEquals(-1, KernelCounters.statColumn(STAT, "nosuchline", 0));
        assertEquals(-1, KernelCounters.statColumn(List.of(), "intr", 0));
    }

    @Test
    void theDisksInterruptLinesAreSummedOverEveryCpuAndNothingElse() {
        assertEquals(1 + 7 + 2_466_815L, KernelCounters.interrupts(INTERRUPTS, Set.of("35", "36")));
        assertEquals(-1, KernelCounters.interrupts(INTERRUPTS, Set.of("99")), "a line not listed is unknown, not 0");
        assertEquals(-1, KernelCounters.interrupts(List.of(), Set.of("35")));
    }

    @Test
    void sectorsWrittenCountTheWholeDisksOnly() {
        assertEquals(190_888_216L, KernelCounters.sectorsWritten(DISKSTATS, Set.of("vda")), "the partition vda1 is inside vda");
        assertEquals(-1, KernelCounters.sectorsWritten(DISKSTATS, Set.of("sda")));
        assertTrue(KernelCounters.storage("vda") && KernelCounters.storage("nvme0n1") && KernelCounters.storage("sda"));
        assertFalse(KernelCounters.storage("loop0") || KernelCounters.storage("zram0") || KernelCounters.storage("dm-0")
                || KernelCounters.storage("md127") || KernelCounters.storage("ram0"));
    }

    @Test
    void procSelfIoGivesTheBytesThisProcessHadWritten() {
        List<String> io = List.of("rchar: 6976", "wchar: 10", "write_bytes: 4096", "cancelled_write_bytes: 0");
        assertEquals(4096, KernelCounters.ioField(io, "write_bytes"));
        assertEquals(0, KernelCounters.ioField(io, "cancelled_write_bytes"));
        assertEquals(-1, KernelCounters.ioField(io, "read_bytes"));
    }

    @Test
    void differencesAndSumsKeepUnknownUnknown() {
        KernelCounters.Sample a = new KernelCounters.Sample(1_000_000_000L, 100, 50, 5, -1, 4096, 0);
        KernelCounters.Sample b = new KernelCounters.Sample(3_000_000_000L, 300, 70, 9, -1, 8192, 1000);
        KernelCounters.Delta d = b.since(a);
        assertEquals(new KernelCounters.Delta(2.0, 200, 20, 4, -1, 4096, 1000), d);
        assertEquals(100.0, d.perSecond(d.interrupts()), 1e-12);
        assertTrue(Double.isNaN(d.perSecond(d.diskInterrupts())));
        KernelCounters.Delta sum = d.plus(new KernelCounters.Delta(1.0, 1, 1, 1, 1, 1, -1));
        assertEquals(new KernelCounters.Delta(3.0, 201, 21, 5, -1, 4097, -1), sum);
    }

    @Test
    void aLiveReadOnLinuxSeesInterruptsGoOn() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/stat")), "SKIPPED: no /proc/stat (not Linux)");
        KernelCounters k = KernelCounters.open();
        KernelCounters.Sample a = k.read();
        Thread.sleep(200);
        KernelCounters.Delta d = k.read().since(a);
        assertTrue(d.seconds() >= 0.19, d.toString());
        assertTrue(d.interrupts() > 0 && d.softirqs() > 0, "the timer alone interrupts every CPU: " + d);
        assertTrue(k.describe().startsWith("disks "), k.describe());
    }
}
