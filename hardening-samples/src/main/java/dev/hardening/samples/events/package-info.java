/**
 * The activity feed: a table too large to page by offset, paged by signed cursors.
 */
@NullMarked
package dev.hardening.samples.events;

import org.jspecify.annotations.NullMarked;
