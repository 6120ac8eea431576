package org.jackdesk.config;

/**
 * Generates docs/parameters.md from {@link Params}. A test fails when the committed file differs;
 * regenerate with {@code ./jackdesk params --markdown > docs/parameters.md}.
 */
public final class ParameterDocs {
    private ParameterDocs() {}

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Parameter reference\n\n")
          .append("Generated from `config/src/main/java/org/jackdesk/config/Params.java` by ")
          .append("`./jackdesk params --markdown > docs/parameters.md`; a test fails when this file is stale.\n\n")
          .append("One address per parameter, used unchanged by the engine, the WebSocket and REST protocols, ")
          .append("OSC (with a leading `/`), scenes, shows and `./jackdesk render --set`. Indices are 1-based: ")
          .append("`{n}` is the channel, bus, DCA, mute group or FX slot number; `{i}` is said in the table. ")
          .append("Values are in engineering units. A fader at `-90` (or the string `\"-inf\"`) is off (−∞); ")
          .append("a compressor ratio of `100` (or `\"inf\"`) is ∞:1. Booleans are `true`/`false`; ")
          .append("choices are the strings listed.\n\n")
          .append("Normalised positions (0–1, for OSC apps and the tablet) follow the taper: ")
          .append("`fader` is the X32 law (1.0 = +10 dB, 0.75 = 0 dB, 0.5 = −10 dB, 0.25 = −30 dB, ")
          .append("0.0625 = −60 dB, 0 = −∞; linear in dB between), `log` is logarithmic in the value, `linear` proportional.\n\n")
          .append("| address | `{i}` | type | unit | min | max | default | taper | description |\n")
          .append("|---|---|---|---|---|---|---|---|---|\n");
        for (ParamDef d : Params.all()) {
            sb.append("| `").append(d.template()).append("` | ")
              .append(d.inner().meaning()).append(" | ")
              .append(d.type() == ParamType.ENUM ? "enum: " + String.join(", ", d.enumValues()) : d.type().id()).append(" | ")
              .append(d.unit().symbol()).append(" | ")
              .append(d.type() == ParamType.FLOAT ? (d.minIsOff() ? "−∞ (-90)" : ParamDef.formatNumber(d.min())) : "").append(" | ")
              .append(d.type() == ParamType.FLOAT ? (d.maxIsInfinite() ? "∞ (100)" : ParamDef.formatNumber(d.max())) : "").append(" | ")
              .append(defaults(d)).append(" | ")
              .append(d.taper().id()).append(" | ")
              .append(d.description()).append(" |\n");
        }
        return sb.toString();
    }

    private static String defaults(ParamDef d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.defaults().length; i++) {
            if (i > 0) sb.append(" / ");
            sb.append(format(d, d.defaults()[i]));
        }
        return sb.toString();
    }

    private static String format(ParamDef d, double v) {
        Object o = d.toExternal(v);
        if (d.type() == ParamType.FLOAT && d.minIsOff() && v == d.min()) return "−∞";
        if (o instanceof Double x) return ParamDef.formatNumber(x);
        return String.valueOf(o);
    }
}
