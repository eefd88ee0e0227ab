/**
 * Auto-configuration of field encryption: the keysets of {@code hardening.crypto.*} turned into a
 * {@link dev.hardening.crypto.FieldEncryptor} and a {@link dev.hardening.crypto.DeterministicFieldEncryptor}.
 */
@NullMarked
package dev.hardening.autoconfigure.crypto;

import org.jspecify.annotations.NullMarked;
