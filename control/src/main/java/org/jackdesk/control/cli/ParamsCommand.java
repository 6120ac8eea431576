package org.jackdesk.control.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParameterDocs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jackdesk params}: lists the parameter namespace (the same registry every protocol uses). */
@Command(name = "params", mixinStandardHelpOptions = true,
        description = "List every parameter address with its type, unit, range and default.")
public final class ParamsCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Print the reference table (docs/parameters.md).")
    boolean markdown;

    @Option(names = "--json", description = "Print the expanded registry as JSON.")
    boolean json;

    @Option(names = "--channels", defaultValue = "2", description = "Mono channels to expand (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--buses", defaultValue = "1", description = "Mono buses to expand (default ${DEFAULT-VALUE}).")
    int buses;

    @Option(names = "--fx", defaultValue = "4", description = "FX slots to expand (default ${DEFAULT-VALUE}).")
    int fx;

    @Override
    public Integer call() throws Exception {
        if (markdown) {
            System.out.print(ParameterDocs.markdown());
            return 0;
        }
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(channels, 0, buses, 0).withFx(fx));
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Param p : reg.all()) out.add(Schema.describe(p));
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
            return 0;
        }
        for (Param p : reg.all()) {
            System.out.println(p.path() + "  " + p.type().id() + "  " + p.def().rangeText()
                    + "  default " + p.toExternal(p.defaultValue()));
        }
        return 0;
    }

    /** The JSON description of one parameter, shared with the REST schema endpoint. */
    public static final class Schema {
        private Schema() {}

        public static Map<String, Object> describe(Param p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", p.path());
            m.put("type", p.type().id());
            m.put("unit", p.unit().symbol());
            m.put("min", p.min());
            m.put("max", p.max());
            m.put("default", p.toExternal(p.defaultValue()));
            m.put("taper", p.def().taper().id());
            if (!p.def().enumValues().isEmpty()) m.put("values", p.def().enumValues());
            if (p.def().minIsOff()) m.put("minIsOff", true);
            if (p.def().maxIsInfinite()) m.put("maxIsInfinite", true);
            m.put("description", p.def().description());
            return m;
        }
    }
}
