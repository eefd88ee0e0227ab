package dev.hardening.autoconfigure.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One HTTP/1.1 request over a raw socket with the framing the test chooses (a client library
 * would pick its own), its response read while the body is still being sent, so a server that
 * answers early and closes is seen answering, not resetting.
 */
final class RawExchange {

	private static final int CHUNK = 8 * 1024;

	private RawExchange() {
	}

	/**
	 * Sends a request and reads its response.
	 * @param port the server's port
	 * @param method the method
	 * @param path the path and query
	 * @param contentType the Content-Type, or {@code null} for none
	 * @param body the body
	 * @param chunked whether to send it chunked instead of with a Content-Length
	 * @return the response
	 */
	static Response send(int port, String method, String path, String contentType, byte[] body, boolean chunked) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			InputStream in = socket.getInputStream();
			CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> readAll(in));
			OutputStream out = socket.getOutputStream();
			StringBuilder head = new StringBuilder(method).append(' ').append(path)
				.append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
			if (contentType != null) {
				head.append("Content-Type: ").append(contentType).append("\r\n");
			}
			head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
			try {
				out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
				for (int sent = 0; sent < body.length; sent += CHUNK) {
					int length = Math.min(CHUNK, body.length - sent);
					if (chunked) {
						out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
					}
					out.write(body, sent, length);
					if (chunked) {
						out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
					}
				}
				if (chunked) {
					out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				}
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before the whole body is sent: its answer matters
			}
			return Response.parse(answer.get());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A {@code GET} with a request ID, asking the server to close the connection, read until it
	 * does, which Tomcat does once the request is done, its filters and listeners included.
	 * @return the whole answer as ISO-8859-1 text
	 */
	static String getUntilClosed(int port, String path, String requestId) {
		String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: " + requestId
				+ "\r\nConnection: close\r\n\r\n";
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] readAll(InputStream in) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// a reset after the answer: keep what arrived
		}
		return out.toByteArray();
	}

	/** A response: status, the head as sent, and the body with any chunked framing removed. */
	record Response(int status, String head, String body) {

		static Response parse(byte[] bytes) {
			String all = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = all.indexOf("\r\n\r\n");
			if (end < 0 || !all.startsWith("HTTP/1.1 ")) {
				return new Response(-1, all, "");
			}
			String head = all.substring(0, end);
			String body = all.substring(end + 4);
			if (head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
				body = dechunk(body);
			}
			return new Response(Integer.parseInt(all.substring(9, 12)), head,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		private static String dechunk(String body) {
			StringBuilder out = new StringBuilder();
			int at = 0;
			while (at < body.length()) {
				int line = body.indexOf("\r\n", at);
				if (line < 0) {
					break;
				}
				int size = Integer.parseInt(body.substring(at, line).trim(), 16);
				if (size == 0) {
					break;
				}
				out.append(body, line + 2, Math.min(body.length(), line + 2 + size));
				at = line + 2 + size + 2;
			}
			return out.toString();
		}

		/**
		 * Returns a header's first value, by name ignoring case.
		 * @param name the name
		 * @return the value, or {@code null}
		 */
		String header(String name) {
			String wanted = "\r\n" + name.toLowerCase(Locale.ROOT) + ":";
			int at = this.head.toLowerCase(Locale.ROOT).indexOf(wanted);
			if (at < 0) {
				return null;
			}
			int end = this.head.indexOf("\r\n", at + 2);
			return this.head.substring(at + wanted.length(), (end < 0) ? this.head.length() : end).trim();
		}

	}

}
