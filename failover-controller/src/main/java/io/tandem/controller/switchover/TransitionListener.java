package io.tandem.controller.switchover;

/** Told of every switchover transition (the controller logs it and appends it to the audit trail). */
@FunctionalInterface
public interface TransitionListener {

    void onTransition(Switchover after, SwitchoverTransition transition, String reason);
}
