/**
 * Field encryption: values encrypted one by one before they are stored, with a key id in every
 * ciphertext so that keys can be rotated. {@link dev.hardening.crypto.FieldEncryptor} is
 * authenticated and randomized (AES-256-GCM); {@link dev.hardening.crypto.DeterministicFieldEncryptor}
 * (AES-SIV) gives equal ciphertexts for equal values, for columns looked up by equality, and
 * leaks that equality. Both are Google Tink's primitives; {@link dev.hardening.crypto.Reencryption}
 * moves stored values to the primary key in batches.
 */
@NullMarked
package dev.hardening.crypto;

import org.jspecify.annotations.NullMarked;
