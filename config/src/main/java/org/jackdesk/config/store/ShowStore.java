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
        return ShowJson.read(file.toString(), text(file));
    }

    /**
     * Loads for start-up: values out of their range are repaired ({@link ShowJson#readRepairing});
     * only a file that cannot be read as a show throws.
     */
    public static ShowJson.Read loadRepairing(Path file) throws ConfigException {
        return ShowJson.readRepairing(file.toString(), text(file));
    }

    private static String text(Path file) throws ConfigException {
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
        return text;
    }

    /**
     * The start-up load. Returns null when neither the file nor its backup exists (a first start).
     * When the file is broken and the backup is good, the broken file is renamed to
     * {@code NAME.broken-<time>} and the backup's show is returned with a warning naming both.
     * When both are broken it throws with the problems of both: the caller must not start from
     * defaults over them. A file whose only problems are values out of their range (an old file,
     * a hand edit) is not broken: it is loaded repaired, each repair is a warning naming the field
     * ({@code file:line:column: json.path: message; repaired: ...}), and the file as it was is
     * kept as {@code NAME.repaired-<time>} before the next save replaces it.
     */
    public static Loaded loadOrBackup(Path file) throws ConfigException {
        Path bak = AtomicFile.backupOf(file);
        boolean hasFile = Files.exists(file);
        boolean hasBak = Files.exists(bak);
        if (!hasFile && !hasBak) return null;
        ConfigException mainProblem = null;
        List<String> warnings = new ArrayList<>();
        if (hasFile) {
            try {
                ShowJson.Read read = loadRepairing(file);
                repaired(file, read, warnings);
                return new Loaded(read.show(), file, warnings);
            } catch (ConfigException e) {
                mainProblem = e;
            }
        }
        if (mainProblem != null) warnings.add("the show file is damaged: " + mainProblem.first());
        else warnings.add("the show file " + file + " is missing; its backup is used");
        if (!hasBak) throw withNote(mainProblem, "and there is no backup " + bak + " to fall back on");
        ShowJson.Read fromBak;
        try {
            fromBak = loadRepairing(bak);
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
        repaired(bak, fromBak, warnings);
        return new Loaded(fromBak.show(), bak, warnings);
    }

    /** One warning per repair, and the file as it was kept aside (the next saves would replace it and its .bak). */
    private static void repaired(Path file, ShowJson.Read read, List<String> warnings) {
        if (read.repairs().isEmpty()) return;
        for (ConfigProblem p : read.repairs()) warnings.add("repaired a value out of range: " + p);
        Path aside = file.resolveSibling(file.getFileName() + ".repaired-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.copy(file, aside, StandardCopyOption.COPY_ATTRIBUTES);
            warnings.add("the file as it was is kept as " + aside);
        } catch (IOException e) {
            warnings.add("the file as it was could not be copied aside (" + ConfigJson.describe(e) + ")");
        }
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
