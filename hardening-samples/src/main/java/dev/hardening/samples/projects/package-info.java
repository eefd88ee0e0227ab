/**
 * The projects API: plain Spring MVC; every error answer comes from the starter.
 */
@NullMarked
package dev.hardening.samples.projects;

import org.jspecify.annotations.NullMarked;
