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
    private final ParameterService params = new ParameterService(state);
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
        ParameterService.Values many = assertInstanceOf(ParameterService.Values.class, params.get(MONITOR_1, "ch/2"));
        assertEquals(-9.0, many.values().get("ch/2/fader"));
        assertEquals(AccessPolicy.UNAUTHORIZED, assertThrows(ProtocolError.class, () -> params.get(null, "ch/2/fader")).code());
        assertEquals(ParamException.UNKNOWN_PATH, assertThrows(ParamException.class, () -> params.get(VIEWER, "ch/99")).code());
    }
}
