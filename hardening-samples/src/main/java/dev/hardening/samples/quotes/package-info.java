/**
 * Quotes from a flaky upstream: a {@code RestClient} built from Spring Boot's builder, with no
 * resilience code of its own; the starter retries, breaks and answers.
 */
@NullMarked
package dev.hardening.samples.quotes;

import org.jspecify.annotations.NullMarked;
