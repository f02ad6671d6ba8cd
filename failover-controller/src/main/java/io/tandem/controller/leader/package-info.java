/** Controller leader election: only the leader changes ownership. */
package io.tandem.controller.leader;
