package dev.hardening.audit;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash chain of an audit log: each event's link is HMAC-SHA256 over the previous link and the
 * event's {@linkplain AuditEncoding encoding}, under a key the application keeps out of the store.
 * Whoever can write the store but does not hold the key cannot edit, remove or reorder events
 * without breaking a link; the first event links to {@link #GENESIS}.
 */
public final class AuditChain {

	/** The link before the first event: 32 zero bytes, in hex. */
	public static final String GENESIS = "0".repeat(64);

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private final SecretKeySpec key;

	private AuditChain(byte[] key) {
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	/**
	 * Creates a chain.
	 * @param key the HMAC key, at least 32 bytes
	 * @return the chain
	 * @throws IllegalArgumentException if the key is shorter
	 */
	public static AuditChain of(byte[] key) {
		if (key.length < 32) {
			throw new IllegalArgumentException("An audit chain key has at least 32 bytes; this one has " + key.length);
		}
		return new AuditChain(key.clone());
	}

	/**
	 * Returns the link of an event.
	 * @param previous the previous event's link ({@link #GENESIS} for the first), in hex
	 * @param event the event
	 * @return its link, 64 hex digits
	 */
	public String link(String previous, AuditEvent event) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			mac.update(HEX.parseHex(previous));
			return HEX.formatHex(mac.doFinal(AuditEncoding.of(event)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Tells whether a stored link is an event's, comparing in constant time.
	 * @param previous the previous link
	 * @param event the event
	 * @param stored the link stored with it
	 * @return whether they match
	 */
	public boolean holds(String previous, AuditEvent event, String stored) {
		return MessageDigest.isEqual(link(previous, event).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
				stored.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
	}

}
