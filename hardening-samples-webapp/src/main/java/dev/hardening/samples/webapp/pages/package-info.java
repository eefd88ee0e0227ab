/**
 * The Thymeleaf pages and their forms.
 */
@NullMarked
package dev.hardening.samples.webapp.pages;

import org.jspecify.annotations.NullMarked;
