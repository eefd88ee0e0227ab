/**
 * Auto-configuration of web hardening. For now: who the client is behind trusted proxies.
 */
@NullMarked
package dev.hardening.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
