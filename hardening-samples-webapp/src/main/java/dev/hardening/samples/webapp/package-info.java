/**
 * A server-rendered application that adds the starter as its one hardening dependency.
 */
@NullMarked
package dev.hardening.samples.webapp;

import org.jspecify.annotations.NullMarked;
