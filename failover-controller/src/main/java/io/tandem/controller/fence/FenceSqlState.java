package io.tandem.controller.fence;

/** The SQLSTATE the fence trigger raises when it rejects a local write. */
public final class FenceSqlState {

    /** SQLSTATE of a write the fence rejected: the region does not own the row's group, or it is not ACTIVE. */
    public static final String SQLSTATE = "TD001";

    private FenceSqlState() {}
}
