/**
 * Auto-configuration of the shared Redis connection, from {@code hardening.redis.*} or from an
 * application's existing {@code spring.data.redis.*} settings.
 */
@NullMarked
package dev.hardening.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
