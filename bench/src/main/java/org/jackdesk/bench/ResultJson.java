package org.jackdesk.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON form of the tooling's result records ({@code --json}): each record's components, by
 * name, exactly as the record holds them, so a script (or a test) reads back the very record the
 * table was printed from.
 */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultJson() {}

    public static String write(Record result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result record did not serialise: " + e.getOriginalMessage(), e);
        }
    }

    /** The record on one line (no indentation), for a line-based protocol. */
    public static String writeLine(Record result) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result record did not serialise: " + e.getOriginalMessage(), e);
        }
    }

    public static <T extends Record> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
