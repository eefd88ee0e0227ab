package dev.hardening.samples.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /accounts}.
 *
 * @param email the account's email address
 * @param displayName the name shown to others, 1 to 40 characters
 */
public record NewAccount(@NotNull @Email String email, @NotBlank @Size(max = 40) String displayName) {

}
