package dev.hardening.autoconfigure.error;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Sends requests byte for byte over a socket, for headers and framings an HTTP client would
 * refuse or repair, and reads the whole response.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends a request with {@code Host}, {@code Connection: close} and, when there is a body,
	 * {@code Content-Length} added.
	 * @param headers name and value pairs, sent as they are
	 */
	Response send(String method, String target, List<String[]> headers, byte[] body) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
			.append("Host: localhost\r\nConnection: close\r\n");
		for (String[] header : headers) {
			head.append(header[0]).append(": ").append(header[1]).append("\r\n");
		}
		if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("\r\n");
		request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		request.writeBytes(body);
		return raw(request.toByteArray());
	}

	Response raw(byte[] request) {
		return raw(request, false);
	}

	/**
	 * Sends bytes as they are.
	 * @param endOfInput whether to close the sending side once they are sent, so that a server
	 * waiting for more of a body the framing promised reads its end at once
	 * @return the response, with status 0 for an HTTP/0.9 answer (a body alone), or {@code null}
	 * if the server closed the connection without one
	 */
	Response raw(byte[] request, boolean endOfInput) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			if (endOfInput) {
				socket.shutdownOutput();
			}
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			try {
				in.transferTo(response);
			}
			catch (IOException ex) {
				// a reset after the response was sent: keep what arrived
				if (response.size() == 0) {
					throw ex;
				}
			}
			if (endOfInput && response.size() == 0) {
				return null;
			}
			if (endOfInput && !response.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/")) {
				// a request line without version is HTTP/0.9, answered with a body alone
				return new Response(0, List.of(), response.toString(StandardCharsets.UTF_8));
			}
			return Response.parse(response.toByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Response(int status, List<String[]> headers, String body) {

		static Response parse(byte[] bytes) {
			String all = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = all.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IllegalStateException("No complete response: " + all);
			}
			String[] lines = all.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			List<String[]> headers = new ArrayList<>();
			boolean chunked = false;
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				String name = lines[i].substring(0, colon).trim();
				String value = lines[i].substring(colon + 1).trim();
				headers.add(new String[] { name, value });
				chunked |= name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked");
			}
			String body = all.substring(end + 4);
			if (chunked) {
				body = dechunk(body);
			}
			byte[] content = body.getBytes(StandardCharsets.ISO_8859_1);
			if (headers.stream().anyMatch((h) -> h[0].equalsIgnoreCase("Content-Encoding") && h[1].equalsIgnoreCase("gzip"))) {
				content = gunzip(content);
			}
			return new Response(status, headers, new String(content, StandardCharsets.UTF_8));
		}

		private static byte[] gunzip(byte[] content) {
			try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static String dechunk(String body) {
			StringBuilder out = new StringBuilder();
			int at = 0;
			while (at < body.length()) {
				int lineEnd = body.indexOf("\r\n", at);
				if (lineEnd < 0) {
					break;
				}
				int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					break;
				}
				out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
				at = lineEnd + 2 + size + 2;
			}
			return out.toString();
		}

		String header(String name) {
			for (String[] header : this.headers) {
				if (header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
					return header[1];
				}
			}
			return null;
		}

		@Override
		public String toString() {
			return this.status + " " + header("Content-Type") + " " + this.body;
		}

	}

}
