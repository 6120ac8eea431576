package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class RealtimeLiteralsTest {

    /** Two-slot constants (long, double) before and between the strings, and modified UTF-8. */
    static final class Fixture {
        static final long BIG = 0x1234_5678_9ABCL;
        static final double RATIO = 1.2345678901234;
        static final String PLAIN = "fixture: plain";
        static final float F = 3.25f;
        static final String WIDE = "fixture: \u00b5s \u00fcber \ud834\udd1e nul\u0000end";
    }

    private static byte[] classBytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsEveryStringConstantPastTwoSlotEntriesAndModifiedUtf8() throws IOException {
        List<String> literals = RealtimeLiterals.stringLiterals(classBytes(Fixture.class));
        assertTrue(literals.contains(Fixture.PLAIN), literals.toString());
        assertTrue(literals.contains(Fixture.WIDE), literals.toString());
    }

    @Test
    void refusesBytesThatAreNotAClassFile() {
        IOException e = assertThrows(IOException.class, () -> RealtimeLiterals.stringLiterals(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 1}));
        assertEquals("not a class file", e.getMessage());
    }

    @Test
    void prepareInternsTheLiteralsOfTheEngineConfigJnaAndJctools() throws Exception {
        RealtimeLiterals.prepare();
        int pinned = RealtimeLiterals.pinnedCount();
        assertTrue(pinned > 1000, "pinned " + pinned);
        RealtimeLiterals.prepare();
        assertEquals(pinned, RealtimeLiterals.pinnedCount(), "a second prepare() must not scan again");
        for (String name : new String[] {"org.jackdesk.engine.Engine", "org.jackdesk.config.ParamRegistry",
                "com.sun.jna.Pointer", "org.jctools.util.RangeUtil", "java.util.Arrays",
                "sun.management.ThreadImpl" /* the allocation counter the measured thread reads */}) {
            List<String> literals = RealtimeLiterals.stringLiterals(classBytes(Class.forName(name)));
            assertFalse(literals.isEmpty(), name + " has no literal to check");
            for (String s : literals) assertTrue(RealtimeLiterals.holds(s), name + ": \"" + s + "\" is not held interned");
        }
    }

    // The JVM behaviour this class exists for, shown on two twin classes with literals nobody else
    // has: a thread whose calls make HotSpot queue a C2 compilation resolves the class's literals
    // and allocates them; once they are interned beforehand, the same thread allocates nothing.
    static final class Unpinned {
        static String text() {
            return "RealtimeLiteralsTest: a literal first resolved by a C2 request (unpinned twin)";
        }

        static long spin(long n) {
            long a = 0;
            for (long i = 0; i < n; i++) a = step(a, i);
            return a;
        }

        static long step(long a, long i) {
            return (a ^ i) * 31 + 7;
        }
    }

    static final class Pinned {
        static String text() {
            return "RealtimeLiteralsTest: a literal first resolved by a C2 request (pinned twin)";
        }

        static long spin(long n) {
            long a = 0;
            for (long i = 0; i < n; i++) a = step(a, i);
            return a;
        }

        static long step(long a, long i) {
            return (a ^ i) * 31 + 7;
        }
    }

    /** Bytes the spin allocates on a fresh thread (the class is loaded and initialised first). */
    private static long bytesWhileCompiling(LongUnaryOperator spin) throws InterruptedException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicLong bytes = new AtomicLong(-1);
        Thread t = new Thread(() -> {
            long sink = spin.applyAsLong(1);
            mx.getCurrentThreadAllocatedBytes();
            long before = mx.getCurrentThreadAllocatedBytes();
            // Far past C2's thresholds (tens of thousands of calls and loop iterations), even
            // when a busy compile queue scales them up.
            sink += spin.applyAsLong(200_000_000L);
            long after = mx.getCurrentThreadAllocatedBytes();
            bytes.set(sink == 42 ? -2 : after - before);
        }, "spin");
        t.start();
        t.join();
        return bytes.get();
    }

    @Test
    void aThreadRequestingACompilationAllocatesOnlyLiteralsThatAreNotInterned() throws InterruptedException {
        long unpinned = bytesWhileCompiling(Unpinned::spin);
        assertTrue(unpinned >= Unpinned.text().length(),
                "the JVM no longer allocates literals on the thread that requests a C2 compilation (" + unpinned
                + " bytes): RealtimeLiterals may have become unnecessary");
        assertTrue(RealtimeLiterals.pinClass(Pinned.class));
        assertEquals(0, bytesWhileCompiling(Pinned::spin), "a pinned literal was allocated again");
    }

    // Literals the JVM adds itself: an abstract class that implements an interface with default
    // methods and leaves an abstract interface method undeclared gets a synthesized "overpass"
    // method throwing AbstractMethodError, whose message is a literal in the class's runtime
    // constant pool (no class file has it: RealtimeLiterals computes the text).
    interface Feed {
        void process(float[] x);

        default int latency() {
            return 0;
        }
    }

    abstract static class UndeclaredFeed implements Feed {
        final long spin(long n) {
            long a = 0;
            for (long i = 0; i < n; i++) a = step(a, i);
            return a;
        }

        final long step(long a, long i) {
            return (a ^ i) * 31 + 7;
        }
    }

    /** As UndeclaredFeed; its overpass message is pinned before the measurement. */
    abstract static class PinnedUndeclaredFeed implements Feed {
        final long spin(long n) {
            long a = 0;
            for (long i = 0; i < n; i++) a = step(a, i);
            return a;
        }

        final long step(long a, long i) {
            return (a ^ i) * 31 + 7;
        }
    }

    abstract static class DeclaredFeed implements Feed {
        @Override
        public abstract void process(float[] x);

        final long spin(long n) {
            long a = 0;
            for (long i = 0; i < n; i++) a = step(a, i);
            return a;
        }

        final long step(long a, long i) {
            return (a ^ i) * 31 + 7;
        }
    }

    @Test
    void anAbstractClassLeavingAnInterfaceMethodUndeclaredCarriesALiteralOfTheJvms() throws InterruptedException {
        UndeclaredFeed undeclared = new UndeclaredFeed() {
            @Override
            public void process(float[] x) {
            }
        };
        DeclaredFeed declared = new DeclaredFeed() {
            @Override
            public void process(float[] x) {
            }
        };
        long u = bytesWhileCompiling(undeclared::spin);
        assertTrue(u > 0, "the JVM no longer adds a literal for an undeclared interface method (" + u
                + " bytes): ArchitectureTest's rule on abstract classes may have become unnecessary");
        assertEquals(0, bytesWhileCompiling(declared::spin), "the redeclared method still cost an allocation");
    }

    @Test
    void theOverpassMessagesComputedHereAreTheJvmsOwn() throws InterruptedException {
        assertEquals(List.of("Method org/jackdesk/engine/RealtimeLiteralsTest$PinnedUndeclaredFeed.process([F)V is abstract",
                "No qualifying defaults found"), RealtimeLiterals.overpassMessages(PinnedUndeclaredFeed.class));
        assertEquals(List.of(), RealtimeLiterals.overpassMessages(DeclaredFeed.class));
        PinnedUndeclaredFeed feed = new PinnedUndeclaredFeed() {
            @Override
            public void process(float[] x) {
            }
        };
        RealtimeLiterals.pinOverpasses(PinnedUndeclaredFeed.class);
        // Were the text off by a character, the JVM would allocate its own string here, as for UndeclaredFeed.
        assertEquals(0, bytesWhileCompiling(feed::spin), "the overpass message was allocated although its text was pinned");
    }

    @Test
    void prepareHoldsTheOverpassMessagesOfTheLibrariesAbstractClasses() throws Exception {
        // Twelve such messages, 2 088 bytes, were allocated on the audio thread when it made C2
        // compile this JCTools class (MpscArrayQueue's consumer-index field, polled every cycle).
        RealtimeLiterals.prepare();
        assertTrue(RealtimeLiterals.holds("Method org/jctools/queues/MpscArrayQueueConsumerIndexField.relaxedPoll()Ljava/lang/Object; is abstract"));
        assertTrue(RealtimeLiterals.holds("Method org/jctools/queues/MpscArrayQueueConsumerIndexField.drain("
                + "Lorg/jctools/queues/MessagePassingQueue$Consumer;Lorg/jctools/queues/MessagePassingQueue$WaitStrategy;"
                + "Lorg/jctools/queues/MessagePassingQueue$ExitCondition;)V is abstract"));
    }
}
