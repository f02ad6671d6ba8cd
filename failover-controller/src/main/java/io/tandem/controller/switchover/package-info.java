/**
 * Planned switchover: drain the owner (new epoch, DRAINING), record its WAL position, wait for the
 * target to apply up to it, hand over (target ACTIVE, new epoch). A timeout rolls back (old owner
 * ACTIVE, new epoch). RPO zero; the write pause is reported.
 */
package io.tandem.controller.switchover;
