package org.jackdesk.control;

/**
 * A strip's configured colour (docs/configuration.md: a word or {@code #rrggbb}) as one of the
 * X-Touch's scribble-strip colours (0 off, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan,
 * 7 white: the backlight's three bits, blue·green·red).
 *
 * <p>The words map as the X32 endpoint maps them (orange reads as yellow, purple and pink as
 * magenta, grey as white); a hex colour takes the nearest of the seven lit colours after its
 * brightness is scaled up (the backlight has a hue, not a brightness: {@code #12a594} is cyan,
 * {@code #800000} red). {@code off}, no colour and black are white: an unlit strip is unreadable
 * (a black backlight leaves the LCD looking switched off), and white is how a surface without
 * colours looks. The X32 endpoint's {@code config/color} is the same table with the X32's OFF
 * (0) for no colour ({@link #x32}). Thread: any (no state).
 */
public final class StripColours {
    public static final int OFF = 0, RED = 1, GREEN = 2, YELLOW = 3, BLUE = 4, MAGENTA = 5, CYAN = 6, WHITE = 7;

    private StripColours() {
    }

    /** The X-Touch colour (1–7) of a configured colour; null, "off" and anything unreadable are white. */
    public static int xtouch(String colour) {
        if (colour == null) return WHITE;
        return switch (colour) {
            case "red" -> RED;
            case "green" -> GREEN;
            case "yellow", "orange" -> YELLOW;
            case "blue" -> BLUE;
            case "purple", "pink" -> MAGENTA;
            case "cyan" -> CYAN;
            case "white", "grey", "off" -> WHITE;
            default -> colour.length() == 7 && colour.charAt(0) == '#' ? nearest(colour) : WHITE;
        };
    }

    /** The X32's colour (0 OFF … 7 WH) of a configured colour: as {@link #xtouch}, but no colour is OFF. */
    public static int x32(String colour) {
        return colour == null || colour.equals("off") ? OFF : xtouch(colour);
    }

    /** The nearest lit colour to {@code #rrggbb}, its brightest component scaled to full. */
    private static int nearest(String hex) {
        int rgb;
        try {
            rgb = Integer.parseInt(hex.substring(1), 16);
        } catch (NumberFormatException e) {
            return WHITE;
        }
        double r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
        double max = Math.max(r, Math.max(g, b));
        if (max == 0) return WHITE;
        r /= max;
        g /= max;
        b /= max;
        int best = WHITE;
        double bestDistance = Double.MAX_VALUE;
        for (int c = RED; c <= WHITE; c++) { // bit 0 red, bit 1 green, bit 2 blue
            double dr = r - (c & 1), dg = g - (c >> 1 & 1), db = b - (c >> 2 & 1);
            double d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }
}
