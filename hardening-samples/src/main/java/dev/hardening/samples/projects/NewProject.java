package dev.hardening.samples.projects;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /projects}.
 *
 * @param name the name, 1 to 80 characters
 * @param owner the owner's email address
 */
public record NewProject(@NotBlank @Size(max = 80) String name, @NotNull @Email String owner) {

}
