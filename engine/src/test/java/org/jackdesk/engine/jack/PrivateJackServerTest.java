package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PrivateJackServerTest {

    /** A dummy jackd under {@code name}, started the way a killed JVM would have left it (no -R). */
    private static Process jackd(String name) throws Exception {
        Process p = new ProcessBuilder("jackd", "-n", name, "-d", "dummy", "-r", "48000", "-p", "256")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process wait = new ProcessBuilder("jack_wait", "-w", "-s", name, "-t", "10")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(wait.waitFor(15, TimeUnit.SECONDS) && wait.exitValue() == 0, "jackd '" + name + "' did not come up");
        return p;
    }

    @Test
    void aServerLeftByADeadJvmIsStoppedAndOneOfALiveOwnerIsNot() throws Exception {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(),
                "SKIPPED: jackd/jack_wait not installed (apt-get install -y jackd2); JACK tests need a real server");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertFalse(ProcessHandle.of(gone.pid()).map(ProcessHandle::isAlive).orElse(false));
        Process orphan = jackd("jdorphan-" + gone.pid() + "-1");
        Process owned = jackd("jdorphan-" + ProcessHandle.current().pid() + "-2");
        try {
            assertEquals(1, PrivateJackServer.stopOrphans("jdorphan"));
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphaned jackd is still running");
            assertTrue(owned.isAlive(), "a server whose owner is alive was stopped");
            assertEquals(0, PrivateJackServer.stopOrphans("jdorphan-other"), "another prefix must not match");
            assertTrue(owned.isAlive());
        } finally {
            orphan.destroyForcibly();
            owned.destroy();
            owned.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRegistrySlotKeptByAKilledPrivateServerIsFreedAndAFullRegistryIsSaid() throws Exception {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(),
                "SKIPPED: jackd/jack_wait not installed (apt-get install -y jackd2); JACK tests need a real server");
        Assumptions.assumeTrue(PrivateJackServer.registeredServers().size() < PrivateJackServer.REGISTRY_SLOTS,
                "SKIPPED: JACK's server registry is full already: " + PrivateJackServer.registeredServers());
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String name = "jdstale-" + gone.pid() + "-1";
        Process killed = jackd(name);
        killed.destroyForcibly(); // SIGKILL: jackd cannot unregister
        killed.waitFor(10, TimeUnit.SECONDS);
        assertTrue(PrivateJackServer.registeredServers().stream().anyMatch(s -> s.name().equals(name) && !s.alive()),
                "a SIGKILLed jackd keeps its slot: " + PrivateJackServer.registeredServers());
        assertEquals(0, PrivateJackServer.reclaimStaleSlots("jdstale-other"), "another prefix must not match");
        assertEquals(1, PrivateJackServer.reclaimStaleSlots("jdstale"));
        assertFalse(PrivateJackServer.registeredServers().stream().anyMatch(s -> s.name().equals(name)),
                "the slot is still taken: " + PrivateJackServer.registeredServers());
        // with fewer than 8 slots taken there is nothing to say about the registry
        assertEquals("", PrivateJackServer.registryDiagnosis());
    }
}
