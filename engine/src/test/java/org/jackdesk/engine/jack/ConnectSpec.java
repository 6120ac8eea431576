package org.jackdesk.engine.jack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Port-level connect rules for JACK tests, written as text (the user-facing parser is config's AutoConnect). */
public final class ConnectSpec {
    private static final Pattern RANGE = Pattern.compile("^(.*?)(\\d+)\\.\\.(\\d+)(.*)$");

    private ConnectSpec() {}

    /**
     * Expands rules written as {@code ours <- peers} (peer outputs feed our inputs) or
     * {@code ours -> peers} (our outputs feed peer inputs). Each side is a comma-separated list; an
     * item may hold one numeric range {@code a..b} (ascending or descending). Both sides must
     * expand to the same number of ports, or one side to exactly one port (which is then paired
     * with every port of the other side). Several rules may be separated by {@code ;} or newlines.
     * Examples: {@code ch1..16 <- system:capture_1..16}, {@code main_L,main_R -> system:playback_1..2}.
     *
     * @throws IllegalArgumentException with the offending rule and the reason
     */
    public static List<ConnectRule> parse(String spec) {
        List<ConnectRule> rules = new ArrayList<>();
        if (spec == null) return rules;
        for (String raw : spec.split("[;\\n]")) {
            String rule = raw.strip();
            if (rule.isEmpty() || rule.startsWith("#")) continue;
            boolean input;
            String[] sides;
            if (rule.contains("<-") && !rule.contains("->")) {
                input = true;
                sides = rule.split("<-", -1);
            } else if (rule.contains("->") && !rule.contains("<-")) {
                input = false;
                sides = rule.split("->", -1);
            } else {
                throw new IllegalArgumentException("connect rule '" + rule
                        + "': needs exactly one arrow, 'ours <- peers' (inputs) or 'ours -> peers' (outputs)");
            }
            if (sides.length != 2) {
                throw new IllegalArgumentException("connect rule '" + rule + "': needs exactly one arrow");
            }
            List<String> ours = expand(rule, sides[0]);
            List<String> peers = expand(rule, sides[1]);
            int n = Math.max(ours.size(), peers.size());
            if (ours.size() != peers.size() && ours.size() != 1 && peers.size() != 1) {
                throw new IllegalArgumentException("connect rule '" + rule + "': left side names " + ours.size()
                        + " ports, right side " + peers.size() + "; they must match or one side must name one port");
            }
            for (int i = 0; i < n; i++) {
                String our = ours.get(ours.size() == 1 ? 0 : i);
                String peer = peers.get(peers.size() == 1 ? 0 : i);
                try {
                    rules.add(new ConnectRule(our, peer, input));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("connect rule '" + rule + "': " + e.getMessage(), e);
                }
            }
        }
        return rules;
    }

    private static List<String> expand(String rule, String side) {
        List<String> out = new ArrayList<>();
        for (String raw : side.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("connect rule '" + rule + "': empty port name in '" + side.strip() + "'");
            }
            Matcher m = RANGE.matcher(item);
            if (!m.matches()) {
                out.add(item);
                continue;
            }
            int from;
            int to;
            try {
                from = Integer.parseInt(m.group(2));
                to = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("connect rule '" + rule + "': range too large in '" + item + "'", e);
            }
            if (Math.abs((long) to - from) > 4096) {
                throw new IllegalArgumentException("connect rule '" + rule + "': range '" + item + "' spans more than 4096 ports");
            }
            int step = to >= from ? 1 : -1;
            for (int i = from; ; i += step) {
                out.add(m.group(1) + i + m.group(4));
                if (i == to) break;
            }
        }
        return out;
    }

}
