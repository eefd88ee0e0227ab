package dev.hardening.samples.accounts;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.hardening.autoconfigure.ratelimit.RateLimit;
import dev.hardening.error.ConflictException;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registration. Its {@code registration} policy (5 per minute per client address, in
 * {@code application.yml}) applies on top of the per-address policy of every route.
 */
@RestController
class AccountController {

	private final Map<String, Account> accounts = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	@PostMapping("/accounts")
	@RateLimit("registration")
	ResponseEntity<Account> register(@Valid @RequestBody NewAccount account) {
		Account created = new Account(this.ids.incrementAndGet(), account.email(), account.displayName());
		if (this.accounts.putIfAbsent(account.email().toLowerCase(java.util.Locale.ROOT), created) != null) {
			throw new ConflictException("An account with this email address exists.");
		}
		return ResponseEntity.created(URI.create("/accounts/" + created.id())).body(created);
	}

}
