/**
 * Auto-configuration of resilient outbound calls: named policies from properties, applied per
 * target host to every {@code RestClient} and {@code RestTemplate} built from Spring Boot's
 * builders, with breaker state in health, metrics, problems for upstream failures, and a bounded
 * wait for the database at startup.
 */
@NullMarked
package dev.hardening.autoconfigure.resilience;

import org.jspecify.annotations.NullMarked;
