package dev.hardening.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The bytes an event's HMAC is computed over: a version byte, the time, then every field, each
 * text length-prefixed and marked present or absent, the details in name order. Two events that
 * differ in any field, or only in where one field ends and the next begins, never encode alike.
 */
final class AuditEncoding {

	private static final int VERSION = 1;

	private AuditEncoding() {
	}

	static byte[] of(AuditEvent event) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeLong(event.time().getEpochSecond());
			out.writeInt(event.time().getNano());
			text(out, event.action());
			text(out, event.resourceType());
			text(out, event.resourceId());
			out.writeByte(event.outcome().ordinal());
			text(out, event.failureCode());
			text(out, event.principal());
			text(out, event.clientAddress());
			text(out, event.userAgent());
			text(out, event.requestId());
			text(out, event.traceId());
			out.writeInt(event.details().size());
			for (Map.Entry<String, String> detail : event.details().entrySet()) {
				text(out, detail.getKey());
				text(out, detail.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static void text(DataOutputStream out, @Nullable String value) throws IOException {
		if (value == null) {
			out.writeByte(0);
			return;
		}
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeByte(1);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

}
