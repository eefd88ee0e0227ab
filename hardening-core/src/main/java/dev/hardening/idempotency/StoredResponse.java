package dev.hardening.idempotency;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The response a completed request gave, as it is replayed to a retry with the same key: status,
 * the headers worth replaying, and the body.
 *
 * @param status the status code
 * @param headers the headers, in the order they were sent
 * @param body the body
 */
public record StoredResponse(int status, List<Header> headers, byte[] body) {

	private static final int FORMAT = 1;

	/**
	 * Validates the components.
	 */
	public StoredResponse {
		if (status < 100 || status > 999) {
			throw new IllegalArgumentException("status must be a three-digit code, but was " + status);
		}
		headers = List.copyOf(headers);
		Objects.requireNonNull(body, "body must not be null");
	}

	/**
	 * Returns the size this response takes in a store, roughly.
	 * @return bytes
	 */
	public int weight() {
		int weight = 64 + this.body.length;
		for (Header header : this.headers) {
			weight += 16 + 2 * (header.name().length() + header.value().length());
		}
		return weight;
	}

	/**
	 * Writes the response in the stores' binary form.
	 * @return the bytes
	 */
	public byte[] encode() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(this.body.length + 64 * (this.headers.size() + 1));
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeShort(this.status);
			out.writeShort(this.headers.size());
			for (Header header : this.headers) {
				out.writeUTF(header.name());
				out.writeUTF(header.value());
			}
			out.writeInt(this.body.length);
			out.write(this.body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Reads a response written by {@link #encode()}.
	 * @param bytes the bytes
	 * @param offset where the response starts
	 * @return the response
	 * @throws IllegalArgumentException if the bytes are not such a response
	 */
	public static StoredResponse decode(byte[] bytes, int offset) {
		try (DataInputStream in = new DataInputStream(
				new ByteArrayInputStream(bytes, offset, bytes.length - offset))) {
			if (in.readUnsignedByte() != FORMAT) {
				throw new IllegalArgumentException("Not a stored response of a known format");
			}
			int status = in.readUnsignedShort();
			int count = in.readUnsignedShort();
			Header[] headers = new Header[count];
			for (int i = 0; i < count; i++) {
				headers[i] = new Header(in.readUTF(), in.readUTF());
			}
			int length = in.readInt();
			if (length < 0 || length > in.available()) {
				throw new IllegalArgumentException("A stored response's body is cut short");
			}
			byte[] body = in.readNBytes(length);
			return new StoredResponse(status, List.of(headers), body);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("A stored response cannot be read", ex);
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof StoredResponse that && this.status == that.status
				&& this.headers.equals(that.headers) && java.util.Arrays.equals(this.body, that.body);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.status, this.headers, java.util.Arrays.hashCode(this.body));
	}

	@Override
	public String toString() {
		return "StoredResponse[status=" + this.status + ", headers=" + this.headers + ", body=" + this.body.length
				+ " bytes]";
	}

	/**
	 * One header of a stored response.
	 *
	 * @param name the name
	 * @param value the value
	 */
	public record Header(String name, String value) {

		/**
		 * Validates the components.
		 */
		public Header {
			Objects.requireNonNull(name, "name must not be null");
			Objects.requireNonNull(value, "value must not be null");
		}

	}

}
