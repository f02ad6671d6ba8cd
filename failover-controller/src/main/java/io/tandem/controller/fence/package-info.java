/**
 * Fencing where writes land: PostgreSQL holds Tandem's view of ownership and a trigger on every
 * owned table rejects local writes for groups this region does not own (SQLSTATE {@code TD001}).
 * Replicated writes pass: the applier runs {@code SET LOCAL tandem.apply = 'on'} in its transaction.
 */
package io.tandem.controller.fence;
