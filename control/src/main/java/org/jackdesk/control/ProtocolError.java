package org.jackdesk.control;

import org.jackdesk.config.ParamException;

/**
 * A request refused with a protocol error code and a message that says what was wrong and what
 * would be right. The same codes travel over WebSocket ({@code op:error}), REST (JSON body) and
 * OSC ({@code /error}); docs/protocol.md lists them.
 */
public final class ProtocolError extends Exception {
    private static final long serialVersionUID = 1L;

    public static final String BAD_JSON = "bad_json";
    public static final String BAD_MESSAGE = "bad_message";
    public static final String UNKNOWN_OP = "unknown_op";
    public static final String UNKNOWN_PATH = ParamException.UNKNOWN_PATH;
    public static final String WRONG_TYPE = ParamException.WRONG_TYPE;
    public static final String OUT_OF_RANGE = ParamException.OUT_OF_RANGE;
    public static final String TOO_LARGE = "too_large";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    public static final String ENGINE_BUSY = "engine_busy";
    /** A scene op on a server that keeps no scenes. */
    public static final String NO_SCENES = "no_scenes";

    private final String code;
    private final String path;
    private final transient Object requestId;

    public ProtocolError(String code, String message) {
        this(code, message, null);
    }

    public ProtocolError(String code, String message, String path) {
        this(code, message, path, null);
    }

    private ProtocolError(String code, String message, String path, Object requestId) {
        super(message, null, false, false);
        this.code = code;
        this.path = path;
        this.requestId = requestId;
    }

    /** The same error, answering the request with {@code id}. */
    public ProtocolError withRequestId(Object id) {
        return new ProtocolError(code, getMessage(), path, id);
    }

    /** The id of the request refused, or null. */
    public Object requestId() {
        return requestId;
    }

    public static ProtocolError of(ParamException e) {
        return new ProtocolError(e.code(), e.getMessage(), e.path());
    }

    public String code() {
        return code;
    }

    /** The parameter path concerned, or null. */
    public String path() {
        return path;
    }
}
