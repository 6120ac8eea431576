package org.jackdesk.config.show;

/**
 * One step of a theatre-style running order: which scene, how long its crossfade takes and a
 * label for the operator ("House to half"). Immutable.
 *
 * @param fadeMs crossfade time; negative means the scene's own {@link Scene#fadeMs()}
 */
public record Cue(int sceneId, long fadeMs, String label) {
    public Cue {
        label = label == null ? "" : label;
    }
}
