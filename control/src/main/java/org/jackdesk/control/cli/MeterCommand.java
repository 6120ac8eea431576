package org.jackdesk.control.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.master.LoudnessAnalysis;
import org.jackdesk.engine.master.LoudnessReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jackdesk meter FILE... [--json]}: EBU R128 / BS.1770-4 loudness of WAV files.
 * Every file is measured before anything is printed; if any file fails, only the errors are
 * printed (stderr) and the exit code is 1.
 */
@Command(name = "meter", mixinStandardHelpOptions = true,
        description = {"Measures loudness of WAV files (ITU-R BS.1770-4, EBU R128):",
            "integrated (LUFS), loudness range (LU), max momentary and short-term (LUFS),",
            "true peak (dBTP, 4x oversampled) and sample peak (dBFS)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all files measured", "1:a file could not be measured", "2:bad command line"})
public final class MeterCommand implements Callable<Integer> {
    static final String SILENT_NOTE = "silent: no 400 ms block above -70 LUFS, so no integrated loudness";

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAV files to measure")
    List<Path> files;

    @Option(names = "--json", description = "print a JSON array instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LoudnessReport> reports = new ArrayList<>();
        boolean failed = false;
        for (Path f : files) {
            try {
                reports.add(LoudnessAnalysis.analyze(f));
            } catch (WavException e) {
                err.println("jackdesk meter: " + e.getMessage());
                failed = true;
            }
        }
        if (failed) {
            err.flush();
            return 1;
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LoudnessReport r : reports) rows.add(toJson(r));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            printTable(out, reports);
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> toJson(LoudnessReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file().toString());
        m.put("sample_rate", r.sampleRate());
        m.put("channels", r.channels());
        m.put("duration_s", round(r.durationSeconds(), 3));
        m.put("integrated_lufs", r.integratedLufs().isPresent() ? round(r.integratedLufs().getAsDouble(), 2) : null);
        m.put("lra_lu", round(r.lraLu(), 2));
        m.put("max_momentary_lufs", round(r.maxMomentaryLufs(), 2));
        m.put("max_short_term_lufs", round(r.maxShortTermLufs(), 2));
        m.put("true_peak_dbtp", round(r.truePeakDbtp(), 2));
        m.put("sample_peak_dbfs", round(r.samplePeakDbfs(), 2));
        if (r.integratedLufs().isEmpty()) m.put("note", SILENT_NOTE);
        return m;
    }

    /** JSON has no -inf: a level that does not exist is null. */
    static Double round(double v, int places) {
        if (!Double.isFinite(v)) return null;
        double s = Math.pow(10, places);
        return Math.round(v * s) / s;
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-inf";
    }

    static void printTable(PrintWriter out, List<LoudnessReport> reports) {
        int w = 4;
        for (LoudnessReport r : reports) w = Math.max(w, r.file().toString().length());
        String row = "%-" + w + "s  %10s  %6s  %9s  %9s  %9s  %11s%n";
        out.printf(Locale.ROOT, row, "file", "integrated", "LRA", "max M", "max S", "true peak", "sample peak");
        out.printf(Locale.ROOT, row, "", "LUFS", "LU", "LUFS", "LUFS", "dBTP", "dBFS");
        List<String> notes = new ArrayList<>();
        for (LoudnessReport r : reports) {
            String integrated = r.integratedLufs().isPresent() ? fmt(r.integratedLufs().getAsDouble()) : "-";
            out.printf(Locale.ROOT, row, r.file(), integrated, fmt(r.lraLu()), fmt(r.maxMomentaryLufs()),
                    fmt(r.maxShortTermLufs()), fmt(r.truePeakDbtp()), fmt(r.samplePeakDbfs()));
            if (r.integratedLufs().isEmpty()) notes.add(r.file() + ": " + SILENT_NOTE);
        }
        for (String n : notes) out.println("note: " + n);
    }
}
