package dev.hardening.benchmarks;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code LoadRun}'s client: HTTP/1.1 over keep-alive sockets, what the load needs and no more.
 * Every request carries {@code Host: localhost} and {@code Origin: http://localhost:3000}, so that
 * the host check and CORS do their work.
 */
final class LoadClient {

	private LoadClient() {
	}

	/**
	 * A GET request, its bytes written once.
	 *
	 * @param target the path and query
	 * @param bytes the request as sent
	 */
	record Request(String target, byte[] bytes) {

		Request(String target) {
			this(target, ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\n"
					+ "User-Agent: hardening-loadrun/2\r\nAccept: application/json\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		}

		@Override
		public String toString() {
			return "GET " + this.target;
		}

	}

	/**
	 * What came back.
	 *
	 * @param status the status
	 * @param headerBytes the bytes of the status line and headers
	 * @param bodyBytes the bytes of the body
	 * @param body the body, if asked for
	 * @param close whether the server closes the connection
	 */
	record Response(int status, int headerBytes, long bodyBytes, String body, boolean close) {
	}

	/** One exchange on a new connection. */
	static Response exchange(int port, Request request) throws IOException {
		try (Connection connection = new Connection(port)) {
			return connection.exchange(request, true);
		}
	}

	/** One connection's requests, round-robin through its requests, until the deadline. */
	static final class Worker implements Runnable {

		private final int port;

		private final List<Request> requests;

		private final long deadline;

		int[] latencies = new int[1 << 15];

		int latencyCount;

		long otherStatus;

		long errors;

		Worker(int port, List<Request> requests, long deadline) {
			this.port = port;
			this.requests = requests;
			this.deadline = deadline;
		}

		@Override
		public void run() {
			Connection connection = null;
			for (int next = 0; System.nanoTime() < this.deadline; next++) {
				try {
					if (connection == null) {
						connection = new Connection(this.port);
					}
					long start = System.nanoTime();
					Response response = connection.exchange(this.requests.get(next % this.requests.size()), false);
					if (this.latencyCount == this.latencies.length) {
						this.latencies = Arrays.copyOf(this.latencies, this.latencyCount * 2);
					}
					this.latencies[this.latencyCount++] = (int) ((System.nanoTime() - start) / 1000);
					if (response.status != 200) {
						this.otherStatus++;
					}
					if (response.close) {
						connection.close();
						connection = null;
					}
				}
				catch (IOException ex) {
					this.errors++;
					if (connection != null) {
						connection.close();
						connection = null;
					}
				}
			}
			if (connection != null) {
				connection.close();
			}
		}

	}

	/** HTTP/1.1 over one keep-alive socket. */
	static final class Connection implements Closeable {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private final byte[] buffer = new byte[65536];

		private int position;

		private int limit;

		Connection(int port) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			this.socket.setSoTimeout(30_000);
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
		}

		Response exchange(Request request, boolean keepBody) throws IOException {
			this.out.write(request.bytes());
			String statusLine = readLine();
			if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
				throw new IOException("Not a status line: " + statusLine);
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			int headerBytes = statusLine.length() + 2;
			long contentLength = -1;
			boolean chunked = false;
			boolean close = false;
			for (String line = readLine(); !line.isEmpty(); line = readLine()) {
				headerBytes += line.length() + 2;
				int colon = line.indexOf(':');
				String value = line.substring(colon + 1).trim();
				switch (line.substring(0, colon).toLowerCase(Locale.ROOT)) {
					case "content-length" -> contentLength = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.contains("chunked");
					case "connection" -> close = value.contains("close");
					default -> {
					}
				}
			}
			StringBuilder body = keepBody ? new StringBuilder() : null;
			long bodyBytes = 0;
			if (status == 304 || status == 204) {
				bodyBytes = 0;
			}
			else if (chunked) {
				for (long chunk = chunkSize(); chunk > 0; chunk = chunkSize()) {
					skip(chunk, body);
					skip(2, null);
					bodyBytes += chunk;
				}
				while (!readLine().isEmpty()) {
					// trailers
				}
			}
			else if (contentLength >= 0) {
				skip(contentLength, body);
				bodyBytes = contentLength;
			}
			else {
				throw new IOException("A response without a length");
			}
			return new Response(status, headerBytes, bodyBytes, (body != null) ? body.toString() : "", close);
		}

		private long chunkSize() throws IOException {
			String line = readLine();
			int extension = line.indexOf(';');
			return Long.parseLong((extension < 0) ? line : line.substring(0, extension), 16);
		}

		private String readLine() throws IOException {
			StringBuilder line = new StringBuilder(64);
			while (true) {
				if (this.position == this.limit) {
					fill();
				}
				char c = (char) (this.buffer[this.position++] & 0xff);
				if (c == '\n') {
					int length = line.length();
					return (length > 0 && line.charAt(length - 1) == '\r') ? line.substring(0, length - 1)
							: line.toString();
				}
				line.append(c);
			}
		}

		private void skip(long bytes, StringBuilder body) throws IOException {
			long left = bytes;
			while (left > 0) {
				if (this.position == this.limit) {
					fill();
				}
				int n = (int) Math.min(left, this.limit - this.position);
				if (body != null) {
					body.append(new String(this.buffer, this.position, n, StandardCharsets.UTF_8));
				}
				this.position += n;
				left -= n;
			}
		}

		private void fill() throws IOException {
			int n = this.in.read(this.buffer);
			if (n < 0) {
				throw new EOFException();
			}
			this.position = 0;
			this.limit = n;
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

}
