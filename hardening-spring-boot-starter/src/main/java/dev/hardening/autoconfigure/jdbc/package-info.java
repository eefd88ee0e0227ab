/**
 * Auto-configuration of the database edge: production defaults for HikariCP and PostgreSQL,
 * problems for an exhausted pool and a timed-out statement, and statement counting per request
 * (N+1 detection).
 */
@NullMarked
package dev.hardening.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
