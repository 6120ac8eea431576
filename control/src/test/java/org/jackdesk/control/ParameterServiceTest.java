package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.junit.jupiter.api.Test;

/**
 * The one parameter service over a real console state: the registry validates and clamps, the
 * access policy decides per principal, a refused or bad change leaves the value as it was, and the
 * state's listeners see the change with its origin.
 */
class ParameterServiceTest {
    private final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(ConfigJson.builtinDefault().toLayout()));
    private final ParameterService params = new ParameterService(state, null, ParameterService.Limits.perClientOnly(200));
    private static final Principal MONITOR_1 = new Principal("drums", Role.MONITOR, Set.of(1));
    private static final Principal VIEWER = new Principal("guest", Role.VIEWER, Set.of());

    @Test
    void setAndNudgeValidateAndTellTheListenersWhoChangedIt() throws Exception {
        List<Object> origins = new CopyOnWriteArrayList<>();
        state.addListener((p, v, o) -> origins.add(o));
        Param fader = params.param("ch/1/fader");
        assertEquals(-6.0, params.set(Principal.ANYONE, fader, -6.0, "tablet-7"));
        assertEquals(-6.0, state.get("ch/1/fader"));
        ParamException range = assertThrows(ParamException.class, () -> params.set(Principal.ANYONE, fader, 1000.0, "tablet-7"));
        assertEquals(ParamException.OUT_OF_RANGE, range.code());
        double top = params.nudge(Principal.ANYONE, fader, 1000.0, "tablet-8");
        assertEquals(10.0, top, "a nudge stops at the end of the range");
        assertEquals(top, state.get("ch/1/fader"));
        assertEquals(ParamException.OUT_OF_RANGE,
                assertThrows(ParamException.class, () -> params.setValue(Principal.ANYONE, fader, 11.0, "osc")).code());
        assertEquals(-20.0, params.setValue(Principal.ANYONE, fader, -20.0, "osc:127.0.0.1:9000"));
        assertEquals(List.of("tablet-7", "tablet-8", "osc:127.0.0.1:9000"), origins);
    }

    @Test
    void aBadValueIsAPreciseErrorAndChangesNothing() throws Exception {
        Param fader = params.param("ch/1/fader");
        params.set(Principal.ANYONE, fader, -10.0, "t");
        ParamException x = assertThrows(ParamException.class, () -> params.set(Principal.ANYONE, fader, "loud", "t"));
        assertEquals(ParamException.WRONG_TYPE, x.code());
        assertEquals("ch/1/fader", x.path());
        ProtocolError nf = assertThrows(ProtocolError.class, () -> params.nudge(Principal.ANYONE, fader, Double.NaN, "t"));
        assertEquals(ProtocolError.WRONG_TYPE, nf.code());
        assertEquals(-10.0, state.get("ch/1/fader"));
        ParamException unknown = assertThrows(ParamException.class, () -> params.param("ch/1/fadr"));
        assertEquals(ParamException.UNKNOWN_PATH, unknown.code());
    }

    @Test
    void theAccessPolicyDecidesForEveryPrincipal() throws Exception {
        Param fader = params.param("ch/1/fader");
        Param ownSend = params.param("ch/1/send/1/level");
        Param ownBus = params.param("bus/1/fader");
        double before = state.get(fader.slot());
        ProtocolError viewer = assertThrows(ProtocolError.class, () -> params.set(VIEWER, fader, -3.0, "t"));
        assertEquals(AccessPolicy.FORBIDDEN, viewer.code());
        assertEquals("ch/1/fader", viewer.path());
        ProtocolError monitor = assertThrows(ProtocolError.class, () -> params.nudge(MONITOR_1, fader, 1.0, "t"));
        assertEquals(AccessPolicy.FORBIDDEN, monitor.code());
        ProtocolError nobody = assertThrows(ProtocolError.class, () -> params.set(null, fader, -3.0, "t"));
        assertEquals(AccessPolicy.UNAUTHORIZED, nobody.code());
        assertEquals(before, state.get(fader.slot()), "a refused change changes nothing");
        assertEquals(AccessPolicy.FORBIDDEN, assertThrows(ProtocolError.class, () -> params.setValue(VIEWER, fader, -3.0, "osc")).code());
        assertEquals(before, state.get(fader.slot()), "a refused change changes nothing");
        assertEquals(-12.0, params.set(MONITOR_1, ownSend, -12.0, "t"));
        assertEquals(-4.0, params.set(MONITOR_1, ownBus, -4.0, "t"));
    }

    @Test
    void getReadsOneValueOrAPrefixForAnyLoggedInRole() throws Exception {
        params.set(Principal.ANYONE, params.param("ch/2/fader"), -9.0, "t");
        ParameterService.Value one = assertInstanceOf(ParameterService.Value.class, params.get(VIEWER, "ch/2/fader"));
        assertEquals("ch/2/fader", one.param().path());
        assertEquals(-9.0, one.value());
        assertEquals(-9.0, one.raw());
        ParameterService.Values many = assertInstanceOf(ParameterService.Values.class, params.get(MONITOR_1, "ch/2"));
        assertEquals(-9.0, many.values().get("ch/2/fader"));
        assertEquals(AccessPolicy.UNAUTHORIZED, assertThrows(ProtocolError.class, () -> params.get(null, "ch/2/fader")).code());
        assertEquals(ParamException.UNKNOWN_PATH, assertThrows(ParamException.class, () -> params.get(VIEWER, "ch/99")).code());
    }

    @Test
    void aClientsBudgetRefusesTheExcessAndSaysSoOnceASecond() {
        java.util.concurrent.atomic.AtomicInteger serverLeft = new java.util.concurrent.atomic.AtomicInteger(5);
        ParameterService limited = new ParameterService(state, null,
                new ParameterService.Limits(3, () -> serverLeft.getAndDecrement() > 0, 5));
        ParameterService.Client a = limited.client("a", () -> Principal.ANYONE, null, "from 10.0.0.7");
        for (int i = 0; i < 3; i++) assertEquals(ParameterService.Admission.ADMITTED, a.admit());
        assertEquals(ParameterService.Admission.OVER_CLIENT, a.admit());
        ProtocolError told = a.refusal(ParameterService.Admission.OVER_CLIENT, "OSC messages", "");
        assertEquals(ProtocolError.RATE_LIMITED, told.code());
        assertEquals("more than 3 OSC messages in a second from 10.0.0.7; the excess this second is dropped", told.getMessage());
        assertEquals(null, a.refusal(ParameterService.Admission.OVER_CLIENT, "OSC messages", ""), "one error a second");
        assertEquals(null, a.refusal(ParameterService.Admission.ADMITTED, "OSC messages", ""));
        ParameterService.Client b = limited.client("b", () -> Principal.ANYONE, null, "");
        assertEquals(ParameterService.Admission.ADMITTED, b.admit());
        assertEquals(ParameterService.Admission.ADMITTED, b.admit());
        assertEquals(ParameterService.Admission.OVER_SERVER, b.admit(), "a's 3 and b's 2 spent the server's 5");
        assertTrue(b.refusal(ParameterService.Admission.OVER_SERVER, "messages", "").getMessage()
                .startsWith("the console is receiving more than 5 messages a second from all clients together"));
    }

    /** A sink that records what a client is told. */
    private static final class Heard implements ChangeSink {
        final List<String> touches = new CopyOnWriteArrayList<>();
        final List<String> changes = new CopyOnWriteArrayList<>();

        @Override
        public void changed(Param param, double value, Object origin) {
            changes.add(param.path() + "=" + value + " by " + origin);
        }

        @Override
        public void touched(String path, boolean on, String by) {
            touches.add(path + (on ? " on" : " off") + " by " + by);
        }
    }

    @Test
    void touchesAndChangesFanOutToTheOtherSubscribersAndEndWithTheClient() throws Throwable {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(v -> {
                try {
                    ClientHub hub = new ClientHub(vertx.getOrCreateContext(), new ServerMetrics());
                    ParameterService service = new ParameterService(state, hub, ParameterService.Limits.perClientOnly(200));
                    service.start();
                    Heard ha = new Heard(), hb = new Heard(), hm = new Heard();
                    ParameterService.Client a = service.client("a", () -> Principal.ANYONE, ha, "");
                    ParameterService.Client b = service.client("b", () -> Principal.ANYONE, hb, "");
                    ParameterService.Client m = service.client("m", () -> MONITOR_1, hm, "");
                    a.subscribe(true);
                    b.subscribe(true);
                    m.subscribe(true);
                    Param fader = service.param("ch/1/fader");
                    a.touch(fader, true);
                    a.touch(fader, true); // the same state again is not news
                    assertEquals(List.of("ch/1/fader on by a"), hb.touches);
                    assertEquals(List.of(), ha.touches, "the toucher is not told its own touch");
                    ProtocolError refused = assertThrows(ProtocolError.class, () -> m.touch(fader, true));
                    assertEquals(AccessPolicy.FORBIDDEN, refused.code(), "only who may move a control says they hold it");
                    assertEquals(1, hb.touches.size());
                    a.set(fader, -6.0);
                    assertEquals(List.of("ch/1/fader=-6.0 by a"), hb.changes, "changes carry the client's id as origin");
                    a.close();
                    assertEquals("ch/1/fader off by a", hb.touches.get(1), "a client that goes lets go of what it held");
                    b.set(fader, -7.0);
                    assertEquals(1, ha.changes.size(), "a closed client's feed has ended: " + ha.changes);
                    assertThrows(ProtocolError.class, () -> service.client("x", () -> null, new Heard(), "").subscribe(true),
                            "not logged in: no feed");
                    service.stop();
                    state.set("ch/1/fader", -8.0, "t");
                    assertEquals(2, hb.changes.size(), "after stop nothing fans out");
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
            try {
                done.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause();
            }
        } finally {
            vertx.close();
        }
    }

    @Test
    void aSeventeenthMemberOfAnAutomixGroupIsRefusedWithItsMembersNamed() throws Exception {
        Param group17 = params.param("ch/17/automix/group");
        for (int c = 1; c <= 16; c++) params.set(Principal.ANYONE, params.param("ch/" + c + "/automix/group"), "x", "tablet-1");
        ProtocolError full = assertThrows(ProtocolError.class, () -> params.set(Principal.ANYONE, group17, "x", "tablet-1"));
        assertEquals(ParameterService.AUTOMIX_GROUP_FULL, full.code());
        assertEquals("ch/17/automix/group", full.path());
        assertTrue(full.getMessage().contains("group X has its 16 members already") && full.getMessage().contains("adding channel 17"), full.getMessage());
        assertEquals(0.0, state.get("ch/17/automix/group"), "nothing changed");
        // OSC's number and any other way in: the same refusal
        assertThrows(ProtocolError.class, () -> params.setValue(Principal.ANYONE, group17, 1, "osc"));
        // group Y has room; a member set to its own group again is no new member
        assertEquals(2.0, params.set(Principal.ANYONE, group17, "y", "tablet-1"));
        assertEquals(1.0, params.set(Principal.ANYONE, params.param("ch/16/automix/group"), "x", "tablet-1"));
        // one out, another in
        params.set(Principal.ANYONE, params.param("ch/1/automix/group"), "off", "tablet-1");
        assertEquals(1.0, params.set(Principal.ANYONE, params.param("ch/18/automix/group"), "x", "tablet-1"));
    }
}
