package org.jackdesk.control.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavWriter;
import org.jackdesk.engine.master.Mastering;
import org.jackdesk.engine.master.MasteringPresets;
import org.jackdesk.engine.master.MasteringSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jackdesk master --target -14 --ceiling -1 --out DIR [--album] SONG.wav...}: brings songs to
 * a target integrated loudness through the main-bus chain (EQ, bus compressor, width, true-peak
 * limiter) and writes them to DIR under the same names. Progress goes to stderr, a before/after
 * table to stdout. Nothing is written unless every song succeeds.
 */
@Command(name = "master", mixinStandardHelpOptions = true,
        description = {"Normalises WAV files to a target loudness (LUFS) under a true-peak ceiling (dBTP)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every song written", "1:a song could not be read or written (nothing written)",
            "2:bad command line"})
public final class MasterCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SONG", description = "WAV files to master")
    List<Path> songs;

    @Option(names = "--target", defaultValue = "-14", paramLabel = "LUFS",
            description = "integrated loudness of the result, -40 .. 0 (default ${DEFAULT-VALUE})")
    double target;

    @Option(names = "--ceiling", defaultValue = "-1", paramLabel = "DBTP",
            description = "true-peak ceiling, -6 .. -0.1 (default ${DEFAULT-VALUE})")
    double ceiling;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "existing output folder")
    Path out;

    @Option(names = "--album", description = "one gain for all songs, so their relative levels stay")
    boolean album;

    @Option(names = "--album-spread", paramLabel = "LU",
            description = "album flow: each song keeps its distance from the album's loudness up to +/- LU (0.5 .. 12) around the target")
    Double albumSpread;

    @Option(names = "--width", defaultValue = "100", paramLabel = "PERCENT",
            description = "stereo width 0 .. 200 (default ${DEFAULT-VALUE}, untouched)")
    double width;

    @Option(names = "--release", defaultValue = "50", paramLabel = "MS",
            description = "limiter release, 1 .. 2000 ms (default ${DEFAULT-VALUE})")
    double release;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "the main chain set for a purpose: gentle, punchy or broadcast (docs/mastering.md)")
    String preset;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "any main-chain parameter by its console address, after the preset, e.g. --set main/multiband/on=true"
                    + " --set main/transient/attack=2 (repeatable; ./jackdesk params lists them)")
    List<String> sets = new java.util.ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "also write a report: loudness, crest factor and PLR before/after, spectra, each stage's gain over time")
    Path report;

    @Option(names = "--format", defaultValue = "pcm24", paramLabel = "FORMAT",
            description = "output format: pcm16, pcm24 or float32 (default ${DEFAULT-VALUE})")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WavWriter.Format f;
        switch (format.toLowerCase(Locale.ROOT)) {
            case "pcm16": f = WavWriter.Format.PCM_16; break;
            case "pcm24": f = WavWriter.Format.PCM_24; break;
            case "float32": f = WavWriter.Format.FLOAT_32; break;
            default:
                err.println("jackdesk master: --format must be pcm16, pcm24 or float32, not '" + format + "'");
                return 2;
        }
        MasteringSettings s = new MasteringSettings(target, ceiling, album, release,
                MasteringSettings.Eq.flat(), MasteringSettings.Compressor.off(), width, f);
        try {
            java.util.Map<String, Double> chain = new java.util.LinkedHashMap<>();
            if (preset != null) {
                for (var e : MasteringPresets.preset(preset.toLowerCase(Locale.ROOT)).entrySet()) {
                    chain.put(e.getKey(), MasteringPresets.value(e.getKey(), e.getValue()));
                }
            }
            for (String set : sets) {
                int eq = set.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--set takes PATH=VALUE, e.g. main/comp/ratio=2 (not '" + set + "')");
                String path = set.substring(0, eq).strip();
                chain.put(path, MasteringPresets.value(path, set.substring(eq + 1)));
            }
            s = s.withChain(chain);
            if (albumSpread != null) s = s.withAlbumSpread(albumSpread);
            s.validate();
        } catch (IllegalArgumentException e) {
            err.println("jackdesk master: " + e.getMessage());
            return 2;
        }
        List<Mastering.SongResult> results;
        try {
            int[] lastPercent = {-1};
            results = Mastering.master(songs, out, s, (stage, file, fraction) -> {
                int p = (int) Math.round(fraction * 100);
                if (p == lastPercent[0]) return;
                lastPercent[0] = p;
                err.printf(Locale.ROOT, "[%3d%%] %s%s%n", p, stage, file == null ? "" : " " + file.getFileName());
                err.flush();
            });
        } catch (WavException | IOException e) {
            err.println("jackdesk master: " + e.getMessage());
            err.println("jackdesk master: nothing was written");
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("jackdesk master: " + e.getMessage());
            return 2;
        }
        if (report != null) {
            try {
                MasteringReportHtml.write(report, results, String.format(Locale.ROOT, "target %.1f LUFS, ceiling %.1f dBTP%s%s%s%s",
                        target, ceiling, album ? ", album" : "", albumSpread != null ? String.format(Locale.ROOT, ", album spread %.1f LU", albumSpread) : "",
                        preset != null ? ", preset " + preset : "",
                        sets.isEmpty() ? "" : ", " + String.join(" ", sets)));
            } catch (IOException e) {
                err.println("jackdesk master: the songs were written, the report was not: " + report + ": " + e.getMessage());
                return 1;
            }
        }
        int w = 4;
        for (Mastering.SongResult r : results) w = Math.max(w, r.input().getFileName().toString().length());
        String row = "%-" + w + "s  %10s  %10s  %8s  %10s  %10s  %s%n";
        stdout.printf(Locale.ROOT, row, "song", "before", "after", "gain", "peak before", "peak after", "output");
        stdout.printf(Locale.ROOT, row, "", "LUFS", "LUFS", "dB", "dBTP", "dBTP", "");
        for (Mastering.SongResult r : results) {
            stdout.printf(Locale.ROOT, row, r.input().getFileName(),
                    r.before().integratedLufs().isPresent() ? MeterCommand.fmt(r.before().integratedLufs().getAsDouble()) : "-",
                    r.after().integratedLufs().isPresent() ? MeterCommand.fmt(r.after().integratedLufs().getAsDouble()) : "-",
                    String.format(Locale.ROOT, "%+.1f", r.gainDb()),
                    MeterCommand.fmt(r.before().truePeakDbtp()), MeterCommand.fmt(r.after().truePeakDbtp()), r.output());
        }
        for (Mastering.SongResult r : results) {
            if (r.after().integratedLufs().isPresent()
                    && Math.abs(r.after().integratedLufs().getAsDouble() - r.targetLufs()) > Mastering.TOLERANCE_LU && !album) {
                stdout.printf(Locale.ROOT, "note: %s reaches %.1f LUFS, not %.1f: the ceiling limits how loud it can get%n",
                        r.input().getFileName(), r.after().integratedLufs().getAsDouble(), r.targetLufs());
            }
        }
        stdout.flush();
        return 0;
    }
}
