package org.jackdesk.config.store;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;

/**
 * Show files on disk: atomic saves (see {@link AtomicFile}) and loads that never silently reset
 * the console. A corrupt or truncated file is reported with its position; {@link #loadOrBackup}
 * then loads the {@code .bak} and moves the broken file aside so nothing is overwritten.
 * Thread: worker (blocking disk I/O).
 */
public final class ShowStore {
    private ShowStore() {}

    /** What a start-up load found. {@code warnings} are for every client to see (empty when all was well). */
    public record Loaded(Show show, Path from, List<String> warnings) {}

    public static void save(Path file, Show show) throws IOException {
        AtomicFile.write(file, ShowJson.write(show).getBytes(StandardCharsets.UTF_8));
    }

    /** Loads and validates; problems carry the file, line and column. A missing file is a problem too. */
    public static Show load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "", "no such file"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "", "cannot read: " + ConfigJson.describe(e)));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "", "not UTF-8 text (damaged file?)"));
        }
        return ShowJson.read(file.toString(), text);
    }

    /**
     * The start-up load. Returns null when neither the file nor its backup exists (a first start).
     * When the file is broken and the backup is good, the broken file is renamed to
     * {@code NAME.broken-<time>} and the backup's show is returned with a warning naming both.
     * When both are broken it throws with the problems of both: the caller must not start from
     * defaults over them.
     */
    public static Loaded loadOrBackup(Path file) throws ConfigException {
        Path bak = AtomicFile.backupOf(file);
        boolean hasFile = Files.exists(file);
        boolean hasBak = Files.exists(bak);
        if (!hasFile && !hasBak) return null;
        ConfigException mainProblem = null;
        if (hasFile) {
            try {
                return new Loaded(load(file), file, List.of());
            } catch (ConfigException e) {
                mainProblem = e;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (mainProblem != null) warnings.add("the show file is damaged: " + mainProblem.first());
        else warnings.add("the show file " + file + " is missing; its backup is used");
        if (!hasBak) throw withNote(mainProblem, "and there is no backup " + bak + " to fall back on");
        Show fromBak;
        try {
            fromBak = load(bak);
        } catch (ConfigException e) {
            List<ConfigProblem> all = new ArrayList<>(mainProblem == null ? List.of() : mainProblem.problems());
            all.addAll(e.problems());
            throw new ConfigException(all);
        }
        if (hasFile) {
            Path aside = file.resolveSibling(file.getFileName() + ".broken-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                warnings.add("the damaged file was kept as " + aside);
            } catch (IOException e) {
                warnings.add("the damaged file could not be moved aside (" + ConfigJson.describe(e) + ")");
            }
        }
        warnings.add("loaded the backup " + bak + " (saved " + modified(bak) + ")");
        return new Loaded(fromBak, bak, warnings);
    }

    private static ConfigException withNote(ConfigException e, String note) {
        List<ConfigProblem> all = new ArrayList<>(e.problems());
        ConfigProblem last = all.remove(all.size() - 1);
        all.add(new ConfigProblem(last.file(), last.line(), last.column(), last.path(), last.message() + " — " + note));
        return new ConfigException(all);
    }

    private static String modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toString();
        } catch (IOException e) {
            return "at an unknown time";
        }
    }
}
