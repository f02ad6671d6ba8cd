/** Write ownership of shard groups across regions. */
package io.tandem.controller;
