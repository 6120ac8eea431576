package org.jackdesk.config;

import java.util.Collection;

/** "Did you mean" suggestions by edit distance. Thread: any. */
public final class Suggest {
    private Suggest() {}

    /** The candidate nearest to {@code input}, or null when nothing is reasonably close. */
    public static String nearest(String input, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(input, c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        if (best == null) return null;
        int limit = Math.max(2, input.length() / 3);
        return bestD <= limit ? best : null;
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
