/**
 * Spring Security: a form login for pages, HTTP Basic for the API, one in-memory user.
 */
@NullMarked
package dev.hardening.samples.webapp.security;

import org.jspecify.annotations.NullMarked;
