package dev.hardening.autoconfigure.etag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hardening.autoconfigure.TestHttp;

/**
 * Raw HTTP/1.1 exchanges for the conditional-request attack tests: headers sent byte for byte (repeated lines,
 * odd spellings), the response split into status, header lines and body.
 */
final class EtagWire {

	private final TestHttp http;

	EtagWire(int port) {
		this.http = new TestHttp(port);
	}

	/** Sends a request with Host and Connection: close added; headers are name, value pairs. */
	Response send(String method, String target, String body, String... headers) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target)
			.append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			head.append("Content-Length: ").append(content.length).append("\r\n");
		}
		head.append("\r\n");
		byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] all = new byte[start.length + content.length];
		System.arraycopy(start, 0, all, 0, start.length);
		System.arraycopy(content, 0, all, start.length, content.length);
		return Response.parse(this.http.raw(all));
	}

	record Response(int status, List<String[]> headers, String body, String raw) {

		static Response parse(String all) {
			int end = all.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IllegalStateException("No complete response: " + all);
			}
			String[] lines = all.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			List<String[]> headers = new ArrayList<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.add(new String[] { lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim() });
			}
			return new Response(status, headers, all.substring(end + 4), all);
		}

		String header(String name) {
			List<String> all = headers(name);
			return all.isEmpty() ? null : all.get(0);
		}

		List<String> headers(String name) {
			List<String> values = new ArrayList<>();
			for (String[] header : this.headers) {
				if (header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
					values.add(header[1]);
				}
			}
			return values;
		}

		@Override
		public String toString() {
			return this.raw.length() > 600 ? this.raw.substring(0, 600) : this.raw;
		}

	}

}
