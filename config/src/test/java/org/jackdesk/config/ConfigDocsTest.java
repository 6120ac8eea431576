package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.config.show.Sections;
import org.junit.jupiter.api.Test;

/** docs/configuration.md and docs/shows.md say what the code accepts: no more, no less. */
class ConfigDocsTest {
    private static final Pattern KEY_ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9.\\[\\]]+)` \\|"); // digits: server.x32Port

    @Test
    void configurationReferenceListsExactlyTheKeysTheReaderAccepts() throws Exception {
        String md = Files.readString(Path.of("../docs/configuration.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = KEY_ROW.matcher(md.substring(md.indexOf("## Reference"), md.indexOf("### Auto-connect")));
        while (m.find()) documented.add(m.group(1));
        Set<String> code = new TreeSet<>(ConfigJson.ROOT_KEYS);
        for (String k : ConfigJson.LAYOUT_KEYS) code.add("layout." + k);
        for (String k : ConfigJson.CHANNEL_KEYS) code.add("layout.channels[]." + k);
        for (String k : ConfigJson.BUS_KEYS) code.add("layout.buses[]." + k);
        for (String k : ConfigJson.SERVER_KEYS) code.add("server." + k);
        for (String k : ConfigJson.JACK_KEYS) code.add("jack." + k);
        for (String k : org.jackdesk.config.midi.MidiJson.KEYS) code.add("midi." + k);
        for (String k : org.jackdesk.config.midi.MidiJson.PORT_KEYS) code.add("midi.ports[]." + k);
        for (String k : ConfigJson.RECORDING_KEYS) code.add("recording." + k);
        assertEquals(code, documented);
        for (String c : ConsoleConfig.COLOURS) assertTrue(md.matches("(?s).*[` ]" + c + "[` ].*"), c);
        for (String k : ConfigJson.V1_KEYS) if (!k.equals("version")) assertTrue(md.contains("| `" + k + "`"), k);
    }

    @Test
    void showsDocListsEverySection() throws Exception {
        String md = Files.readString(Path.of("../docs/shows.md"));
        Matcher m = Pattern.compile("(?m)^\\| `([a-z]+)` \\| (?!matches)").matcher(md.substring(md.indexOf("Sections (checked")));
        List<String> documented = new ArrayList<>();
        while (m.find()) documented.add(m.group(1));
        assertEquals(Sections.ALL, documented);
    }
}
