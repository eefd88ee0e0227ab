package dev.hardening.autoconfigure.web;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw HTTP/1.1 for helper-72's stream attacks: a request sent byte for byte, its answer read
 * until the server closes or resets the connection (a cut stream is seen as cut, not as an
 * exception of a client library), or read only up to a number of bytes before the client walks
 * away.
 */
final class StreamWire {

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] \\d{3} ");

	private StreamWire() {
	}

	static String request(String method, String target, String... headers) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target)
			.append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		return head.append("\r\n").toString();
	}

	/** Sends the request and reads until the connection ends, cleanly or not. */
	static Answer exchange(int port, String method, String target, String... headers) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(request(method, target, headers).getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			String ending = "EOF";
			try {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					all.write(buffer, 0, read);
				}
			}
			catch (IOException ex) {
				ending = "RESET: " + ex.getMessage();
			}
			return new Answer(all.toString(StandardCharsets.ISO_8859_1), ending);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends the request, reads until {@code marker} has arrived, runs {@code then} (which releases
	 * the handler), and reads on until the connection ends.
	 * @return the whole answer; {@code ending} says {@code MARKER MISSING} if the marker never came
	 */
	static Answer exchangeReleasing(int port, String method, String target, String marker, Runnable then,
			String... headers) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(request(method, target, headers).getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			boolean released = false;
			String ending = "EOF";
			try {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					all.write(buffer, 0, read);
					if (!released && all.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
						released = true;
						then.run();
					}
				}
			}
			catch (IOException ex) {
				ending = "RESET: " + ex.getMessage();
			}
			if (!released) {
				then.run();
				ending = "MARKER MISSING before " + ending;
			}
			return new Answer(all.toString(StandardCharsets.ISO_8859_1), ending);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends the request, reads at least {@code bytes} bytes of the answer, then closes the connection. */
	static String readThenAbandon(int port, String target, int bytes, String... headers) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(60_000);
			socket.setSoLinger(true, 0);
			OutputStream out = socket.getOutputStream();
			out.write(request("GET", target, headers).getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			byte[] buffer = new byte[1024];
			while (all.size() < bytes) {
				int read = in.read(buffer);
				if (read < 0) {
					break;
				}
				all.write(buffer, 0, read);
			}
			return all.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What came back.
	 * @param raw the bytes, as ISO-8859-1
	 * @param ending {@code EOF} for a connection the server closed, else how reading failed
	 */
	record Answer(String raw, String ending) {

		int status() {
			return Integer.parseInt(this.raw.substring(9, 12));
		}

		String head() {
			int end = this.raw.indexOf("\r\n\r\n");
			return (end < 0) ? this.raw : this.raw.substring(0, end);
		}

		String body() {
			int end = this.raw.indexOf("\r\n\r\n");
			return (end < 0) ? "" : this.raw.substring(end + 4);
		}

		List<String> headers(String name) {
			List<String> values = new ArrayList<>();
			for (String line : head().split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
					values.add(line.substring(colon + 1).trim());
				}
			}
			return values;
		}

		boolean chunked() {
			return headers("Transfer-Encoding").contains("chunked");
		}

		/** Whether a chunked body ended with its last chunk, as a complete one does. */
		boolean chunkedComplete() {
			return body().endsWith("0\r\n\r\n");
		}

		int statusLines() {
			Matcher matcher = STATUS_LINE.matcher(this.raw);
			int count = 0;
			while (matcher.find()) {
				count++;
			}
			return count;
		}

		String tail() {
			return (this.raw.length() > 400) ? this.raw.substring(this.raw.length() - 400).replace("a", "") : this.raw;
		}

		String describe() {
			return head() + "\n...[" + this.raw.length() + " bytes, " + this.ending + "] tail: " + tail();
		}

	}

}
