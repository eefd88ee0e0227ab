package dev.hardening.samples.accounts;

/**
 * A registered account.
 *
 * @param id the account's ID
 * @param email its email address
 * @param displayName its display name
 */
public record Account(long id, String email, String displayName) {

}
