package org.jackdesk.control.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SecurityPrimitivesTest {
    @Test
    void pbkdf2HashVerifiesOnlyTheRightPinAndCarriesSaltAndWorkFactor() {
        String h = PasswordHasher.hash("4711".toCharArray(), 2000);
        assertTrue(h.startsWith("pbkdf2-sha256$2000$"), h);
        assertFalse(h.contains("4711"));
        assertTrue(PasswordHasher.verify("4711".toCharArray(), h));
        assertFalse(PasswordHasher.verify("4712".toCharArray(), h));
        assertFalse(PasswordHasher.verify("".toCharArray(), h));
        assertNotEquals(h, PasswordHasher.hash("4711".toCharArray(), 2000), "a fresh salt every time");
        String tampered = h.substring(0, h.length() - 2) + (h.endsWith("A") ? "BA" : "AA");
        assertFalse(PasswordHasher.verify("4711".toCharArray(), tampered));
        assertFalse(PasswordHasher.verify("4711".toCharArray(), "4711"), "a plain value is never accepted as a hash");
        assertEquals("a PIN has at least 4 characters", PasswordHasher.problem("123".toCharArray()));
        assertNull(PasswordHasher.problem("1234".toCharArray()));
    }

    @Test
    void tokensAreRandomExpireAndCanBeRevoked() {
        AtomicLong now = new AtomicLong(1_000_000);
        SessionTokens t = new SessionTokens(60_000, now::get);
        Principal drums = new Principal("drums", Role.MONITOR, Set.of(3));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) assertTrue(seen.add(t.issue(drums).value()));
        SessionTokens.Token a = t.issue(drums);
        assertTrue(a.value().matches("[A-Za-z0-9_-]{43}"), a.value());
        assertFalse(a.toString().contains(a.value()), "a token's toString never shows its value");
        assertEquals(drums, t.principal(a.value()));
        now.addAndGet(59_999);
        assertEquals(drums, t.principal(a.value()));
        now.addAndGet(1);
        assertNull(t.principal(a.value()), "expired");
        SessionTokens.Token b = t.issue(drums);
        assertTrue(t.revoke(b.value()));
        assertNull(t.principal(b.value()));
        t.issue(new Principal("foh", Role.ENGINEER, Set.of()));
        assertEquals(100, t.revokeUser("drums"), "every live drums token goes");
        assertEquals(1, t.size(), "foh keeps its token");
        assertNull(t.principal(null));
        assertNull(t.principal("x".repeat(200)));
    }

    @Test
    void throttleLetsFiveMistakesPassThenDoublesTheWait() {
        AtomicLong now = new AtomicLong(0);
        LoginThrottle th = new LoginThrottle(now::get);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(0, th.waitMillis("10.0.0.9", "foh"));
            th.failed("10.0.0.9", "foh");
        }
        // issue 15 item 13: the documented rule, "after 5 failures each further attempt waits 1 s, 2 s …"
        assertEquals(1000, th.waitMillis("10.0.0.9", "foh"), "the 6th attempt already waits");
        th.failed("10.0.0.9", "foh");
        assertEquals(2000, th.waitMillis("10.0.0.9", "foh"));
        th.failed("10.0.0.9", "foh");
        assertEquals(4000, th.waitMillis("10.0.0.9", "foh"));
        assertEquals(0, th.waitMillis("10.0.0.10", "front"), "other addresses and users are not affected");
        assertEquals(4000, th.waitMillis("10.0.0.10", "foh"), "the guessed user is locked from every address");
        for (int i = 0; i < 40; i++) th.failed("10.0.0.9", "foh");
        assertEquals(LoginThrottle.MAX_LOCK_MS, th.waitMillis("10.0.0.9", "foh"), "capped");
        th.succeeded("10.0.0.9", "foh");
        assertEquals(0, th.waitMillis("10.0.0.9", "foh"));
    }

    @Test
    void anotherUsersSuccessNeverClearsTheFailuresOfTheGuessedOne() {
        AtomicLong now = new AtomicLong(0);
        LoginThrottle th = new LoginThrottle(now::get);
        for (int i = 0; i < 4; i++) th.failed("10.0.0.9", "foh");
        th.succeeded("10.0.0.9", "front"); // the attacker's own viewer login
        th.failed("10.0.0.9", "foh");
        assertEquals(1000, th.waitMillis("10.0.0.9", "foh"), "5 failures for foh: locked, whoever logged in between");
        assertEquals(1000, th.waitMillis("10.0.0.9", "front"), "the address is locked too");
        // A user who mistyped and then got it right takes back only their own failures.
        LoginThrottle own = new LoginThrottle(now::get);
        for (int i = 0; i < 3; i++) own.failed("10.0.0.7", "drums");
        for (int i = 0; i < 2; i++) own.failed("10.0.0.7", null); // names that are no user
        own.succeeded("10.0.0.7", "drums");
        assertEquals(2, own.failures("10.0.0.7"), "the unknown names' failures stay");
        // Failures are forgotten an hour after the last one.
        now.addAndGet(LoginThrottle.FORGET_MS);
        assertEquals(0, th.waitMillis("10.0.0.9", "foh"));
        assertEquals(0, own.failures("10.0.0.7"));
    }

    @Test
    void originCheckAllowsTheServingHostConfiguredOriginsAndNonBrowsers() {
        OriginCheck o = new OriginCheck(List.of("https://mixer.example:8443"));
        assertTrue(o.allows(null, "192.168.1.5:8080"), "no Origin: not a browser");
        assertTrue(o.allows("http://192.168.1.5:8080", "192.168.1.5:8080"));
        assertTrue(o.allows("http://mixer.local", "mixer.local:80"), "default port");
        assertTrue(o.allows("https://mixer.example:8443", "10.0.0.1:8443"));
        assertFalse(o.allows("http://192.168.1.5:8081", "192.168.1.5:8080"), "another port is another origin");
        assertFalse(o.allows("http://evil.example", "192.168.1.5:8080"));
        assertFalse(o.allows("http://192.168.1.5:8080.evil.example", "192.168.1.5:8080"));
        assertFalse(o.allows("null", "192.168.1.5:8080"));
        assertFalse(o.allows("file://", "192.168.1.5:8080"));
        assertTrue(new OriginCheck(List.of("*")).allows("http://anything", "x:1"));
    }

    @Test
    void policyGivesAMonitorItsOwnSendsAndBusesOnly() {
        Principal m = new Principal("drums", Role.MONITOR, Set.of(3, 4));
        assertTrue(AccessPolicy.mayWrite(m, "ch/1/send/3/level"));
        assertTrue(AccessPolicy.mayWrite(m, "ch/12/send/4/on"));
        assertTrue(AccessPolicy.mayWrite(m, "bus/3/eq/1/gain"));
        assertFalse(AccessPolicy.mayWrite(m, "ch/1/send/2/level"));
        assertFalse(AccessPolicy.mayWrite(m, "bus/2/fader"));
        assertFalse(AccessPolicy.mayWrite(m, "bus/33/fader"));
        assertFalse(AccessPolicy.mayWrite(m, "ch/3/fader"));
        assertFalse(AccessPolicy.mayWrite(m, "main/fader"));
        assertFalse(AccessPolicy.mayWrite(new Principal("g", Role.VIEWER, Set.of()), "bus/3/fader"));
        assertTrue(AccessPolicy.mayWrite(new Principal("f", Role.ENGINEER, Set.of()), "main/fader"));
        assertFalse(AccessPolicy.mayWrite(null, "bus/3/fader"));
    }
}
