package org.jackdesk.engine.master;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.engine.mix.OfflineMainChain;

/**
 * {@code jackdesk master --preset} and {@code --set}: the main chain's settings by the console's
 * own addresses (docs/mastering.md lists every preset's values and why).
 *
 * <ul>
 *   <li>{@code gentle}: glue and nothing else — the bus compressor at 1.5:1 with a wide knee, slow
 *       attack and programme-dependent release (1 or 2 dB of reduction on a mixed song).</li>
 *   <li>{@code punchy}: a tighter low end and more attack — the lowest multiband band at 3:1 so the
 *       kick and bass stay in place, the bus compressor at 2:1 with a 30 ms attack that lets the
 *       transients through, and the transient shaper's attack +3 dB to restore the rest.</li>
 *   <li>{@code broadcast}: even and dense — a 30 Hz 24 dB/oct low-cut, 4 bands at 3:1 from
 *       −30 dB, the bus compressor at 3:1 with auto release.</li>
 * </ul>
 */
public final class MasteringPresets {
    private MasteringPresets() {}

    public static final List<String> NAMES = List.of("gentle", "punchy", "broadcast");

    /** The preset's settings as external values (what {@code --set} takes). */
    public static Map<String, String> preset(String name) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (name) {
            case "gentle" -> {
                m.put("main/comp/on", "true");
                m.put("main/comp/threshold", "-20");
                m.put("main/comp/ratio", "1.5");
                m.put("main/comp/knee", "12");
                m.put("main/comp/attack", "30");
                m.put("main/comp/release", "300");
                m.put("main/comp/autorelease", "true");
            }
            case "punchy" -> {
                m.put("main/multiband/on", "true");
                m.put("main/multiband/bands", "3");
                m.put("main/multiband/xover/1", "120");
                m.put("main/multiband/xover/2", "2500");
                m.put("main/multiband/1/threshold", "-24");
                m.put("main/multiband/1/ratio", "3");
                m.put("main/multiband/1/attack", "20");
                m.put("main/multiband/1/release", "150");
                m.put("main/multiband/2/ratio", "1");
                m.put("main/multiband/3/ratio", "1");
                m.put("main/comp/on", "true");
                m.put("main/comp/threshold", "-18");
                m.put("main/comp/ratio", "2");
                m.put("main/comp/attack", "30");
                m.put("main/comp/release", "150");
                m.put("main/transient/on", "true");
                m.put("main/transient/attack", "3");
            }
            case "broadcast" -> {
                m.put("main/eq/on", "true");
                m.put("main/eq/1/on", "true");
                m.put("main/eq/1/freq", "30");
                m.put("main/eq/1/slope", "24");
                m.put("main/multiband/on", "true");
                m.put("main/multiband/bands", "4");
                for (int b = 1; b <= 4; b++) {
                    m.put("main/multiband/" + b + "/threshold", "-30");
                    m.put("main/multiband/" + b + "/ratio", "3");
                }
                m.put("main/comp/on", "true");
                m.put("main/comp/threshold", "-24");
                m.put("main/comp/ratio", "3");
                m.put("main/comp/attack", "5");
                m.put("main/comp/release", "200");
                m.put("main/comp/autorelease", "true");
            }
            default -> throw new IllegalArgumentException("no preset '" + name + "' (presets: " + String.join(", ", NAMES) + ")");
        }
        return m;
    }

    /**
     * One {@code main/...} setting in the chain's units, checked as the console checks it. The
     * limiter is {@code --ceiling} and {@code --release}; the main fader and mute are not part of a
     * master.
     */
    public static double value(String path, String text) {
        Param p = OfflineMainChain.REGISTRY.find(path);
        if (p == null || !p.path().startsWith("main/")) {
            String near = null;
            try {
                OfflineMainChain.REGISTRY.require(path);
            } catch (ParamException e) {
                near = e.getMessage();
            }
            throw new IllegalArgumentException(p == null ? near : "'" + path + "' is not a parameter of the main chain (main/...)");
        }
        if (p.path().startsWith("main/limiter/")) {
            throw new IllegalArgumentException("'" + path + "': the master's limiter is set with --ceiling and --release");
        }
        if (p.path().equals("main/fader") || p.path().equals("main/mute")) {
            throw new IllegalArgumentException("'" + path + "' is not part of the chain a master runs (main/eq, multiband, comp, transient, width)");
        }
        try {
            return p.check(p.parse(text));
        } catch (ParamException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
