/** The append-only audit trail of every ownership transition, with its reason and decision. */
package io.tandem.controller.audit;
