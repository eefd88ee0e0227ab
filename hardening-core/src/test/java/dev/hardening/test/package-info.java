/**
 * The test harness shared by every module through {@code hardening-core}'s test-jar: real Redis
 * and PostgreSQL servers, and the architecture rules.
 */
@NullMarked
package dev.hardening.test;

import org.jspecify.annotations.NullMarked;
