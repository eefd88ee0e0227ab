/**
 * Auto-configuration of hardening for Spring Boot: one package per capability, paired by name with
 * the capability's package in {@code hardening-core}.
 */
@NullMarked
package dev.hardening.autoconfigure;

import org.jspecify.annotations.NullMarked;
