/**
 * Auto-configuration of RFC 9457 problem responses for every error a Spring MVC application can
 * produce.
 */
@NullMarked
package dev.hardening.autoconfigure.error;

import org.jspecify.annotations.NullMarked;
