/** The values a controller tick returns: a verdict, its reason, and the moves to carry out. */
package io.tandem.controller.decision;
