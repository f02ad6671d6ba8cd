/** The router's log context: region and component in the SLF4J MDC of every thread and request. */
package io.tandem.router.log;
