/**
 * Auto-configuration of the Spring Security integration: problem bodies for Spring Security's
 * {@code 401} and {@code 403} answers.
 */
@NullMarked
package dev.hardening.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
