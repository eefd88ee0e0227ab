/**
 * Logging support: a faster drop-in for Spring Boot's ECS structured log format.
 */
@NullMarked
package dev.hardening.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
