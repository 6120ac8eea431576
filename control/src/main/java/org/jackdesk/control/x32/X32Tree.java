package org.jackdesk.control.x32;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The X32's address tree: every leaf address with its OSC type ({@code i}, {@code f},
 * {@code s}) and the value jackdesk answers before a client sets one, and every node (a parent
 * of leaves) with its children in X32 order, which is the order of {@code /node} text. Built
 * from the public protocol description (P.-G. Maillot, "Unofficial X32/M32 OSC Remote
 * Protocol"; the open-source X32 emulator's node tables read as a description of the same
 * tree): channels, aux inputs, FX returns, buses, matrices, main stereo and mono, DCAs, FX
 * engines, {@code /config}, outputs, head amps, {@code -prefs}, {@code -stat}, {@code -action}
 * and the inserts. Not in it: the show, scene, snippet, library and USB-recorder trees
 * ({@code /-show}, {@code /-libs}, {@code /-usb}, {@code /-urec}, {@code /-undo}).
 *
 * <p>{@link X32Map} says which of these addresses are jackdesk parameters; every other one is
 * stored-only: answered with this table's type and default, kept when set, doing nothing.
 * Built once at class load; immutable; any thread.
 */
public final class X32Tree {
    /** One leaf: its OSC type tag and the value an X32 app reads before anyone sets it. */
    public record Field(char type, Object initial) {
        static Field of(char type, Object initial) {
            Object v = switch (type) {
                case 'i' -> ((Number) initial).intValue();
                case 'f' -> ((Number) initial).floatValue();
                default -> (String) initial;
            };
            return new Field(type, v);
        }
    }

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();
    private static final Map<String, List<String>> NODES = new LinkedHashMap<>();

    private X32Tree() {}

    /** The leaf at {@code address} (with or without its leading slash), or null when the X32 has none. */
    public static Field field(String address) {
        return FIELDS.get(address.startsWith("/") ? address : "/" + address);
    }

    /** The children of {@code node} ({@code ch/01/gate}) as full addresses in X32 order, or null for no node. */
    public static List<String> children(String node) {
        return NODES.get(node.startsWith("/") ? node : "/" + node);
    }

    /** Every leaf address in X32 order (the sync walk of an app, the X32 bench). */
    public static List<String> addresses() {
        return List.copyOf(FIELDS.keySet());
    }

    /** Every node in X32 order. */
    public static List<String> nodes() {
        return List.copyOf(NODES.keySet());
    }

    /** Adds node {@code path} with its leaves, each written {@code name:type:initial} (type i, f or s). */
    private static void node(String path, String... leaves) {
        List<String> kids = new ArrayList<>();
        for (String leaf : leaves) {
            String[] p = leaf.split(":", 3);
            String address = path + "/" + p[0];
            Object initial = switch (p[1].charAt(0)) {
                case 'i' -> Integer.parseInt(p[2]);
                case 'f' -> Float.parseFloat(p[2]);
                default -> p.length > 2 ? p[2] : "";
            };
            FIELDS.put(address, Field.of(p[1].charAt(0), initial));
            kids.add(address);
        }
        NODES.merge(path, Collections.unmodifiableList(kids), (a, b) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return Collections.unmodifiableList(all);
        });
    }

    private static String two(int i) {
        return String.format("%02d", i);
    }

    private static final String[] EQ_BAND = {"type:i:2", "f:f:0.5", "g:f:0.5", "q:f:0.4648"};
    private static final String[] DYN = {"on:i:0", "mode:i:0", "det:i:0", "env:i:1", "thr:f:1.0", "ratio:i:3", "knee:f:0.0",
        "mgain:f:0.0", "attack:f:0.0833", "hold:f:0.54", "release:f:0.51", "pos:i:0", "keysrc:i:0", "mix:f:1.0", "auto:i:0"};
    private static final String[] MAIN_DYN = {"on:i:0", "mode:i:0", "det:i:0", "env:i:1", "thr:f:1.0", "ratio:i:3", "knee:f:0.0",
        "mgain:f:0.0", "attack:f:0.0833", "hold:f:0.54", "release:f:0.51", "pos:i:0", "mix:f:1.0", "auto:i:0"};

    /** {@code /…/mix/NN}: odd sends carry pan, type and panFollow (the pair's settings), even ones only on and level. */
    private static void sends(String strip, int count) {
        for (int s = 1; s <= count; s++) {
            if (s % 2 == 1) node(strip + "/mix/" + two(s), "on:i:1", "level:f:0.0", "pan:f:0.5", "type:i:0", "panFollow:i:0");
            else node(strip + "/mix/" + two(s), "on:i:1", "level:f:0.0");
        }
    }

    private static void eq(String strip, int bands) {
        node(strip + "/eq", "on:i:1");
        for (int b = 1; b <= bands; b++) node(strip + "/eq/" + b, EQ_BAND);
    }

    /** A strip's {@code mix} as channels, inputs, returns and buses have it (without their sends). */
    private static void inputMix(String strip) {
        node(strip + "/mix", "on:i:1", "fader:f:0.0", "st:i:1", "pan:f:0.5", "mono:i:0", "mlevel:f:0.0");
    }

    /** A strip's {@code config} without a source (returns, buses, matrices, main). */
    private static void config(String strip) {
        node(strip + "/config", "name:s:", "icon:i:1", "color:i:0");
    }

    private static void insert(String strip) {
        node(strip + "/insert", "on:i:0", "pos:i:0", "sel:i:0");
    }

    private static void dynFilter(String strip) {
        node(strip + "/dyn/filter", "on:i:0", "type:i:3", "f:f:0.5");
    }

    static {
        configTree();
        for (int c = 1; c <= 32; c++) {
            String ch = "/ch/" + two(c);
            node(ch + "/config", "name:s:", "icon:i:1", "color:i:0", "source:i:" + c);
            node(ch + "/grp", "dca:i:0", "mute:i:0");
            node(ch + "/preamp", "trim:f:0.5", "invert:i:0", "hpon:i:0", "hpslope:i:0", "hpf:f:0.0");
            node(ch + "/delay", "on:i:0", "time:f:0.0");
            insert(ch);
            node(ch + "/gate", "on:i:0", "mode:i:3", "thr:f:0.0", "range:f:1.0", "attack:f:0.0", "hold:f:0.5", "release:f:0.51", "keysrc:i:0");
            node(ch + "/gate/filter", "on:i:0", "type:i:3", "f:f:0.5");
            node(ch + "/dyn", DYN);
            dynFilter(ch);
            eq(ch, 4);
            inputMix(ch);
            sends(ch, 16);
            node(ch + "/automix", "group:i:0", "weight:f:0.5");
        }
        for (int a = 1; a <= 8; a++) {
            String aux = "/auxin/" + two(a);
            node(aux + "/config", "name:s:", "icon:i:1", "color:i:0", "source:i:" + (32 + a));
            node(aux + "/preamp", "trim:f:0.5", "invert:i:0");
            eq(aux, 4);
            inputMix(aux);
            sends(aux, 16);
            node(aux + "/grp", "dca:i:0", "mute:i:0");
        }
        for (int r = 1; r <= 8; r++) {
            String rtn = "/fxrtn/" + two(r);
            config(rtn);
            eq(rtn, 4);
            inputMix(rtn);
            sends(rtn, 16);
            node(rtn + "/grp", "dca:i:0", "mute:i:0");
        }
        for (int b = 1; b <= 16; b++) {
            String bus = "/bus/" + two(b);
            config(bus);
            node(bus + "/dyn", DYN);
            dynFilter(bus);
            insert(bus);
            eq(bus, 6);
            inputMix(bus);
            sends(bus, 6);
            node(bus + "/grp", "dca:i:0", "mute:i:0");
        }
        for (int m = 1; m <= 6; m++) {
            String mtx = "/mtx/" + two(m);
            config(mtx);
            node(mtx + "/preamp", "invert:i:0");
            node(mtx + "/dyn", MAIN_DYN);
            dynFilter(mtx);
            insert(mtx);
            eq(mtx, 6);
            node(mtx + "/mix", "on:i:1", "fader:f:0.0");
        }
        for (String main : new String[] {"/main/st", "/main/m"}) {
            config(main);
            node(main + "/dyn", MAIN_DYN);
            dynFilter(main);
            insert(main);
            eq(main, 6);
            if (main.endsWith("st")) node(main + "/mix", "on:i:1", "fader:f:0.0", "pan:f:0.5");
            else node(main + "/mix", "on:i:1", "fader:f:0.0");
            sends(main, 6);
        }
        for (int d = 1; d <= 8; d++) {
            node("/dca/" + d, "on:i:1", "fader:f:0.75");
            node("/dca/" + d + "/config", "name:s:", "icon:i:1", "color:i:0");
        }
        for (int f = 1; f <= 8; f++) {
            node("/fx/" + f, "type:i:0");
            node("/fx/" + f + "/source", "l:i:0", "r:i:0");
            String[] pars = new String[64];
            for (int p = 1; p <= 64; p++) pars[p - 1] = two(p) + ":f:0.0";
            node("/fx/" + f + "/par", pars);
        }
        outputs();
        for (int h = 0; h < 128; h++) node(String.format("/headamp/%03d", h), "gain:f:0.0", "phantom:i:0");
        for (int i = 1; i <= 6; i++) node("/insert/aux", i + ":i:0");
        for (int h = 0; h < 40; h++) node("/-ha/" + two(h), "index:i:-1");
        prefs();
        stat();
        action();
    }

    private static void configTree() {
        String[] chl = new String[16];
        for (int k = 0; k < 16; k++) chl[k] = (2 * k + 1) + "-" + (2 * k + 2) + ":i:0";
        node("/config/chlink", chl);
        node("/config/auxlink", "1-2:i:0", "3-4:i:0", "5-6:i:0", "7-8:i:0");
        node("/config/fxlink", "1-2:i:0", "3-4:i:0", "5-6:i:0", "7-8:i:0");
        String[] bl = new String[8];
        for (int k = 0; k < 8; k++) bl[k] = (2 * k + 1) + "-" + (2 * k + 2) + ":i:0";
        node("/config/buslink", bl);
        node("/config/mtxlink", "1-2:i:0", "3-4:i:0", "5-6:i:0");
        node("/config/mute", "1:i:0", "2:i:0", "3:i:0", "4:i:0", "5:i:0", "6:i:0");
        node("/config/linkcfg", "hadly:i:0", "eq:i:0", "dyn:i:0", "fdrmute:i:0");
        node("/config/mono", "mode:i:0", "link:i:0");
        node("/config/solo", "level:f:0.0", "source:i:0", "sourcetrim:f:0.5", "chmode:i:0", "busmode:i:0", "dcamode:i:0",
                "exclusive:i:0", "followsel:i:0", "followsolo:i:0", "dimatt:f:0.0", "dim:i:0", "mono:i:0", "delay:i:0",
                "delaytime:f:0.0", "masterctrl:i:0", "mute:i:0", "dimpfl:i:0");
        node("/config/talk", "enable:i:0", "source:i:0");
        for (String ab : new String[] {"A", "B"}) node("/config/talk/" + ab, "level:f:0.0", "dim:i:0", "latch:i:0", "destmap:i:0");
        node("/config/osc", "level:f:0.0", "f1:f:0.5", "f2:f:0.5", "fsel:i:0", "type:i:0", "dest:i:0");
        node("/config/routing/IN", "1-8:i:0", "9-16:i:1", "17-24:i:2", "25-32:i:3", "AUX:i:0");
        for (String aes : new String[] {"AES50A", "AES50B"}) {
            node("/config/routing/" + aes, "1-8:i:0", "9-16:i:0", "17-24:i:0", "25-32:i:0", "33-40:i:0", "41-48:i:0");
        }
        node("/config/routing/CARD", "1-8:i:0", "9-16:i:0", "17-24:i:0", "25-32:i:0");
        node("/config/routing/OUT", "1-4:i:0", "9-12:i:0", "5-8:i:0", "13-16:i:0");
        for (String u : new String[] {"A", "B", "C"}) {
            node("/config/userctrl/" + u, "color:i:0");
            node("/config/userctrl/" + u + "/enc", "1:s:", "2:s:", "3:s:", "4:s:");
            String[] btn = new String[8];
            for (int k = 0; k < 8; k++) btn[k] = (k + 5) + ":s:";
            node("/config/userctrl/" + u + "/btn", btn);
        }
        node("/config/tape", "gainL:f:0.5", "gainR:f:0.5", "autoplay:i:0");
        node("/config/amixenable", "X:i:0", "Y:i:0");
    }

    private static void outputs() {
        for (int o = 1; o <= 16; o++) {
            node("/outputs/main/" + two(o), "src:i:0", "pos:i:0");
            node("/outputs/main/" + two(o) + "/delay", "on:i:0", "time:f:0.0");
        }
        for (int o = 1; o <= 6; o++) node("/outputs/aux/" + two(o), "src:i:0", "pos:i:0");
        for (int o = 1; o <= 16; o++) node("/outputs/p16/" + two(o), "src:i:0", "pos:i:0");
        for (int o = 1; o <= 2; o++) node("/outputs/aes/" + two(o), "src:i:0", "pos:i:0");
        for (int o = 1; o <= 2; o++) node("/outputs/rec/" + two(o), "src:i:0", "pos:i:0");
    }

    private static void prefs() {
        node("/-prefs", "style:s:", "bright:f:0.5", "lcdcont:f:0.5", "ledbright:f:0.5", "lamp:f:0.5", "lampon:i:0",
                "clockrate:i:0", "clocksource:i:0", "confirm_general:i:1", "confirm_overwrite:i:1", "confirm_sceneload:i:1",
                "viewrtn:i:0", "selfollowsbank:i:0", "scene_advance:i:0", "safe_masterlevels:i:0", "haflags:i:0",
                "autosel:i:1", "show_control:i:0", "clockmode:i:0", "hardmute:i:0", "dcamute:i:0", "invertmutes:i:0",
                "name:s:jackdesk", "rec_control:i:0");
        node("/-prefs/remote", "enable:i:0", "protocol:i:0", "port:i:0", "ioenable:i:0");
        for (int q = 1; q <= 16; q++) node("/-prefs/iQ/" + two(q), "iQmodel:i:0", "IQeqset:i:0", "IQsound:i:0");
        node("/-prefs/card", "UFifc:i:0", "UFmode:i:0", "USBmode:i:0", "ADATwc:i:0", "ADATsync:i:0", "MADImode:i:0",
                "MADIin:i:0", "MADIout:i:0", "MADIsrc:i:0", "URECtracks:i:0", "URECplayb:i:0", "URECrout:i:0", "URECsdsel:i:0");
        node("/-prefs/rta", "visibility:i:0", "gain:f:0.0", "autogain:i:0", "source:i:0", "pos:i:0", "mode:i:0",
                "options:i:0", "det:i:0", "decay:f:0.5", "peakhold:i:0");
        node("/-prefs/ip", "dhcp:i:0");
        for (String part : new String[] {"addr", "mask", "gateway"}) node("/-prefs/ip/" + part, "0:i:0", "1:i:0", "2:i:0", "3:i:0");
        String[] keys = new String[101];
        keys[0] = "layout:i:0";
        for (int k = 0; k < 100; k++) keys[k + 1] = two(k) + ":s:";
        node("/-prefs/key", keys);
    }

    private static void stat() {
        node("/-stat", "selidx:i:0", "chfaderbank:i:0", "grpfaderbank:i:0", "sendsonfader:i:0", "bussendbank:i:0",
                "eqband:i:0", "solo:i:0", "keysolo:i:0", "userbank:i:0", "autosave:i:0", "lock:i:0", "usbmounted:i:0",
                "remote:i:1", "rtamodeeq:i:0", "rtamodegeq:i:0", "rtaeqpre:i:0", "rtageqpost:i:0", "rtasource:i:0",
                "xcardtype:i:0", "xcardsync:i:0", "geqonfdr:i:0", "geqpos:i:0", "dcaspill:i:0");
        node("/-stat/screen", "screen:i:0", "mutegrp:i:0", "utils:i:0");
        for (String page : new String[] {"CHAN", "METER", "ROUTE", "SETUP", "LIB", "FX", "MON", "USB", "SCENE", "ASSIGN"}) {
            node("/-stat/screen/" + page, "page:i:0");
        }
        String[] solo = new String[80];
        for (int s = 1; s <= 80; s++) solo[s - 1] = two(s) + ":i:0";
        node("/-stat/solosw", solo);
        node("/-stat/aes50", "A:s:", "B:s:", "state:i:0");
        node("/-stat/tape", "state:i:0", "file:s:", "etime:i:0", "rtime:i:0");
        node("/-stat/osc", "on:i:0");
        node("/-stat/talk", "A:i:0", "B:i:0");
        node("/-stat/urec", "state:i:0", "etime:i:0", "rtime:i:0");
    }

    private static void action() {
        node("/-action", "setip:i:0", "setclock:s:", "initall:i:0", "initlib:i:0", "initshow:i:0", "savestate:i:0",
                "undopt:i:0", "doundo:i:0", "playtrack:i:0", "newscreen:i:0", "clearsolo:i:0", "setprebus:i:0",
                "setsrate:i:0", "setrtasrc:i:0", "recselect:i:0", "gocue:i:0", "goscene:i:0", "gosnippet:i:0",
                "selsession:i:0", "delsession:i:0", "selmarker:i:0", "delmarker:i:0", "savemarker:i:0", "addmarker:i:0",
                "selposition:i:0", "clearalert:i:0", "formatcard:i:0");
    }
}
