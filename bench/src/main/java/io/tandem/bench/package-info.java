/** JMH microbenchmarks; run them with {@code bench/run NAME}, never during the build. */
package io.tandem.bench;
