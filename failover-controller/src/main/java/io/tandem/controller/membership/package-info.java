/** Region membership: one ephemeral node per live region, with what it has applied and its health. */
package io.tandem.controller.membership;
