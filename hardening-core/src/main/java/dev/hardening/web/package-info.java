/**
 * Framework-free pieces of web hardening: IP literals and CIDR ranges, and who the client is
 * behind trusted proxies.
 */
@NullMarked
package dev.hardening.web;

import org.jspecify.annotations.NullMarked;
