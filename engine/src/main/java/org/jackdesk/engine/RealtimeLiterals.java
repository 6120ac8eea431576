package org.jackdesk.engine;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Interns, and keeps alive, every string literal of the code that the real-time threads (the JACK
 * callback, the strip worker) run, before they run it.
 *
 * <p>Why: a thread whose invocation counters make HotSpot queue a C2 compilation first resolves
 * every string literal of the method's class ({@code CompileBroker::compile_method} calls
 * {@code ConstantPool::resolve_string_constants} on the requesting thread, in JDK 17 as in 25),
 * allocating a {@code String} for each literal not yet in the JVM's string table. When the JACK
 * thread happens to be the one that crosses a C2 threshold (after a deoptimization, or for a
 * method the worker mostly ran) that is an allocation in the middle of a cycle: the exact-zero
 * allocation test on a real jackd caught 80 and 112 bytes this way, seconds after warm-up. A literal
 * whose text is already interned resolves to the existing string without allocating, so interning
 * them all here (on a control thread) removes it. The interned strings are held for the life of the
 * JVM: the string table's entries are weak, and a collected one would be allocated again.
 *
 * <p>Covered: every class of the code sources (jar or directory) of the engine, the config model,
 * JNA, JCTools and the RTA's FFT (JTransforms, JLargeArrays); the JDK classes the audio path calls; on Java 22+ the JDK's foreign-function
 * packages (the FFM upcall runs the JACK callback there). JDK classes in the default CDS archive
 * come with their literals already resolved; the listed ones are scanned anyway (cheap, and a
 * custom runtime image may not archive them).
 *
 * <p>Also covered: literals the JVM adds to a class at link time. An abstract class that leaves
 * abstract interface methods undeclared gets a synthesized "overpass" method for each, which throws
 * {@code AbstractMethodError} with a message literal ("Method C.name(descriptor) is abstract") added
 * to C's constant pool: 112 bytes on the JACK thread in CI for an engine class, and 2 088 bytes (twelve
 * messages) when the audio thread made C2 compile JCTools' {@code MpscArrayQueueConsumerIndexField},
 * found by a JVMTI allocation-sampling agent after the allocation test failed one run in two.
 * The texts are computed here from each abstract class's public methods (reflection skips
 * overpasses, so it shows the interface's abstract method) and interned like the rest. The engine's
 * own classes also redeclare such methods abstract; {@code ArchitectureTest} checks every class of
 * the engine for it.
 *
 * <p>Also not covered: {@code resolve_string_constants} is followed by {@code load_signature_classes},
 * which loads classes named in the compiled method's signature; a method on the audio path is
 * called with its argument types already loaded, so this has not been seen to allocate.
 *
 * <p>Thread: control or worker (it reads class files and allocates; the first call takes tens of
 * milliseconds, later calls return at once). Call it before a real-time thread starts.
 */
public final class RealtimeLiterals {
    private static final System.Logger LOG = System.getLogger(RealtimeLiterals.class.getName());
    /** JDK classes the audio path and the strip worker call into. */
    private static final String[] JDK_CLASSES = {
        "java/lang/Math", "java/lang/StrictMath", "java/lang/System", "java/lang/Thread",
        "java/lang/Float", "java/lang/Double", "java/lang/Integer", "java/lang/Long",
        "java/util/Arrays", "java/util/concurrent/locks/LockSupport",
        "java/util/concurrent/atomic/AtomicLong", "java/util/concurrent/atomic/AtomicInteger",
        "java/util/concurrent/atomic/AtomicBoolean", "java/util/concurrent/atomic/AtomicReference",
        "java/util/concurrent/atomic/AtomicIntegerArray", "java/util/concurrent/atomic/AtomicLongArray",
    };
    /**
     * JDK classes outside java.base ({@code module/class}): the per-thread allocation counter that
     * the exact-zero allocation tests and {@code bench realtime} read on the measured real-time
     * thread itself. Its checks carry ten literals (896 bytes) that a C2 compilation the thread
     * requests would allocate, counted as the engine's (found with a JVMTI allocation agent).
     */
    private static final String[] JDK_MODULE_CLASSES = {
        "java.management/sun/management/ThreadImpl", "jdk.management/com/sun/management/internal/HotSpotThreadImpl",
    };
    /** JDK packages (and their sub-packages) of the FFM upcall path, scanned on Java 22+. */
    private static final String[] JDK_FFM_PACKAGES = {"jdk/internal/foreign", "java/lang/foreign"};

    /** Every literal interned so far: held so that the string table keeps them. */
    private static final List<String> PINNED = new ArrayList<>();
    private static final Set<String> SCANNED = new HashSet<>();
    private static boolean prepared;

    private RealtimeLiterals() {
    }

    /**
     * Interns the literals of everything the real-time threads may run (see the class comment).
     * Idempotent. Never throws: a class file it cannot read is skipped and counted in the log.
     */
    public static synchronized void prepare() {
        if (prepared) return;
        prepared = true;
        long t0 = System.nanoTime();
        int before = PINNED.size();
        int[] failures = new int[1];
        for (String anchor : new String[] {
            "org.jackdesk.engine.Engine", "org.jackdesk.config.ParamRegistry",
            "com.sun.jna.Pointer", "org.jctools.queues.MpscArrayQueue",
            // the RTA's FFT (JTransforms and the JLargeArrays it calls): its analysis allocates
            // nothing per frame, and a C2 compilation its thread requests must not either
            "org.jtransforms.fft.DoubleFFT_1D", "pl.edu.icm.jlargearrays.ConcurrencyUtils"}) {
            try {
                pinCodeSourceOf(Class.forName(anchor, false, RealtimeLiterals.class.getClassLoader()), failures);
            } catch (ClassNotFoundException | LinkageError e) {
                failures[0]++;
            }
        }
        pinJdk(failures);
        LOG.log(System.Logger.Level.DEBUG, "interned {0} string literals of real-time code in {1} ms ({2} class files unreadable)",
                PINNED.size() - before, (System.nanoTime() - t0) / 1_000_000, failures[0]);
    }

    /** Number of literals held (for tests and diagnostics). */
    public static synchronized int pinnedCount() {
        return PINNED.size();
    }

    /** True if {@code text} is held here as the JVM's interned instance (tests). */
    static synchronized boolean holds(String text) {
        for (String p : PINNED) {
            if (p.equals(text)) return p == text.intern();
        }
        return false;
    }

    /**
     * Interns and holds every string literal of the classes in {@code anchor}'s jar or class
     * directory, and the messages of the overpass methods its abstract classes get at link time.
     */
    private static void pinCodeSourceOf(Class<?> anchor, int[] failures) {
        CodeSource cs = anchor.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        if (url == null) {
            pinClassResource(anchor, failures);
            return;
        }
        if (!SCANNED.add(url.toString())) return;
        List<String> abstractClasses = new ArrayList<>();
        try {
            Path p = Path.of(url.toURI());
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class"))::iterator) {
                        pinClassBytes(Files.readAllBytes(f), failures, abstractClasses);
                    }
                }
            } else {
                try (ZipFile zip = new ZipFile(p.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                        ZipEntry z = e.nextElement();
                        if (z.isDirectory() || !z.getName().endsWith(".class")) continue;
                        try (InputStream in = zip.getInputStream(z)) {
                            pinClassBytes(in.readAllBytes(), failures, abstractClasses);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            failures[0]++;
        }
        for (String name : abstractClasses) {
            try {
                Class<?> c = Class.forName(name.replace('/', '.'), false, anchor.getClassLoader());
                for (String m : overpassMessages(c)) PINNED.add(m.intern());
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                failures[0]++; // a class of an optional part of the library (its dependency absent): never run
            }
        }
    }

    /**
     * The messages of the overpass methods HotSpot synthesizes in abstract class {@code c} when it
     * links it (defaultMethods.cpp, {@code generate_method_message}): one per public abstract method
     * that only interfaces declare and nothing in {@code c}'s class chain implements, plus the
     * fixed text of a family without any qualifying method. A few more texts than the JVM makes
     * (a method with a default elsewhere in the family) cost a string each and nothing else.
     */
    static List<String> overpassMessages(Class<?> c) {
        List<String> out = new ArrayList<>();
        if (c.isInterface() || !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) return out;
        String owner = c.getName().replace('.', '/');
        for (java.lang.reflect.Method m : c.getMethods()) {
            if (!java.lang.reflect.Modifier.isAbstract(m.getModifiers()) || !m.getDeclaringClass().isInterface()) continue;
            String descriptor = java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
            out.add("Method " + owner + "." + m.getName() + descriptor + " is abstract");
        }
        if (!out.isEmpty()) out.add("No qualifying defaults found");
        return out;
    }

    /** Interns and holds the overpass messages of one class only (tests). Thread: control or worker. */
    static synchronized void pinOverpasses(Class<?> c) {
        for (String m : overpassMessages(c)) PINNED.add(m.intern());
    }

    /** Interns and holds the literals of one class only (tests). Thread: control or worker. */
    static synchronized boolean pinClass(Class<?> c) {
        return pinClassResource(c, new int[1]);
    }

    private static boolean pinClassResource(Class<?> c, int[] failures) {
        String name = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(name)) {
            if (in == null) {
                failures[0]++;
                return false;
            }
            return pinClassBytes(in.readAllBytes(), failures);
        } catch (IOException e) {
            failures[0]++;
            return false;
        }
    }

    private static void pinJdk(int[] failures) {
        FileSystem jrt;
        try {
            jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        } catch (RuntimeException e) {
            failures[0]++;
            return;
        }
        for (String c : JDK_CLASSES) pinJrt(jrt.getPath("/modules/java.base", c + ".class"), failures);
        for (String mc : JDK_MODULE_CLASSES) {
            int slash = mc.indexOf('/');
            Path f = jrt.getPath("/modules/" + mc.substring(0, slash), mc.substring(slash + 1) + ".class");
            if (Files.exists(f)) pinJrt(f, failures); // a runtime image without the module has no such reader either
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // the strips' vector lanes (dsp/BiquadBank): the Vector API and its intrinsics' entry points
            pinJrtTree(jrt.getPath("/modules/jdk.incubator.vector"), failures);
            pinJrtTree(jrt.getPath("/modules/java.base", "jdk/internal/vm/vector"), failures);
        }
        if (Runtime.version().feature() >= 22) {
            for (String pkg : JDK_FFM_PACKAGES) {
                Path dir = jrt.getPath("/modules/java.base", pkg);
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(x -> x.toString().endsWith(".class")).forEach(f -> pinJrt(f, failures));
                } catch (IOException | RuntimeException e) {
                    failures[0]++;
                }
            }
        }
    }

    /** Every class under {@code dir} of the runtime image, with the overpass messages of its abstract classes. */
    private static void pinJrtTree(Path dir, int[] failures) {
        if (!Files.isDirectory(dir)) return;
        List<String> abstractClasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class"))::iterator) {
                if (!SCANNED.add(f.toUri().toString())) continue;
                pinClassBytes(Files.readAllBytes(f), failures, abstractClasses);
            }
        } catch (IOException | RuntimeException e) {
            failures[0]++;
        }
        for (String name : abstractClasses) {
            try {
                Class<?> c = Class.forName(name.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                for (String m : overpassMessages(c)) PINNED.add(m.intern());
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                failures[0]++;
            }
        }
    }

    private static void pinJrt(Path f, int[] failures) {
        if (!SCANNED.add(f.toUri().toString())) return;
        try {
            pinClassBytes(Files.readAllBytes(f), failures);
        } catch (IOException | RuntimeException e) {
            failures[0]++;
        }
    }

    private static boolean pinClassBytes(byte[] classFile, int[] failures) {
        return pinClassBytes(classFile, failures, null);
    }

    /** Also adds the class's internal name to {@code abstractClasses} (when given) if it is an abstract class. */
    private static boolean pinClassBytes(byte[] classFile, int[] failures, List<String> abstractClasses) {
        try {
            ClassFile f = parse(classFile);
            for (String s : f.strings()) PINNED.add(s.intern());
            if (abstractClasses != null && f.abstractClass() && f.name() != null) abstractClasses.add(f.name());
            return true;
        } catch (IOException e) {
            failures[0]++;
            return false;
        }
    }

    /**
     * The {@code CONSTANT_String} entries of a class file's constant pool (JVMS §4.4), in pool
     * order. Thread: any.
     *
     * @throws IOException if the bytes are not a class file this parser understands
     */
    static List<String> stringLiterals(byte[] classFile) throws IOException {
        return parse(classFile).strings();
    }

    /** What this class needs of a class file: its string literals, internal name and whether it is an abstract class. */
    record ClassFile(List<String> strings, String name, boolean abstractClass) {
    }

    static ClassFile parse(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] strings = new int[count];
        int[] classNames = new int[count];
        int nStrings = 0;
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // modified UTF-8 with a u2 length: readUTF's own format
                case 8 -> strings[nStrings++] = in.readUnsignedShort();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 16, 19, 20 -> in.readUnsignedShort(); // MethodType, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> { // Long, Double take two entries
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        List<String> out = new ArrayList<>(nStrings);
        for (int k = 0; k < nStrings; k++) {
            String s = strings[k] < count ? utf8[strings[k]] : null;
            if (s == null) throw new IOException("string constant points at a non-UTF8 entry " + strings[k]);
            out.add(s);
        }
        int access = in.readUnsignedShort();
        int thisClass = in.readUnsignedShort();
        String name = thisClass > 0 && thisClass < count && classNames[thisClass] < count ? utf8[classNames[thisClass]] : null;
        boolean abstractClass = (access & 0x0400) != 0 && (access & 0x0200) == 0; // ACC_ABSTRACT, not ACC_INTERFACE
        return new ClassFile(out, name, abstractClass);
    }
}
