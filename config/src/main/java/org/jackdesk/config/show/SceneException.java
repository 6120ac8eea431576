package org.jackdesk.config.show;

/**
 * A scene operation was refused. {@link #code()} is the protocol error code; the message says
 * what was wrong and what would be right.
 */
public final class SceneException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final String UNKNOWN_SCENE = "unknown_scene";
    public static final String BAD_NAME = "bad_name";
    public static final String BAD_SCOPE = "bad_scope";
    public static final String BAD_FADE = "bad_fade";
    public static final String NOTHING_TO_UNDO = "nothing_to_undo";
    public static final String END_OF_CUES = "end_of_cues";
    public static final String BAD_INDEX = "bad_index";

    private final String code;

    public SceneException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
