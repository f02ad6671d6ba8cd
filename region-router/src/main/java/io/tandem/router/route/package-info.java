/** The pure routing decision: a request and a routing-map snapshot in, a route or a refusal out. */
package io.tandem.router.route;
