/**
 * Conditional requests (RFC 9110 §8.8 and §13): entity tags, the conditional header fields, the
 * order in which preconditions are evaluated, and a streaming body hasher for shallow ETags.
 */
@NullMarked
package dev.hardening.etag;

import org.jspecify.annotations.NullMarked;
