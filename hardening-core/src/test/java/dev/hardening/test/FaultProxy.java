package dev.hardening.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in the test JVM that sits between a client (Lettuce) and a server (Redis) and
 * misbehaves on request: it can swallow traffic (a network that black-holes packets: the client
 * waits until its timeout), drop every connection (a network partition), or refuse connections
 * (a server that is gone, for this client only). Forwarding resumes
 * when {@link #heal()} is called. It can also stall the connections open now for good while
 * forwarding new ones ({@link #stallOpenConnections()}): a connection whose state a firewall or a
 * NAT dropped, which never closes and never answers again. And it can {@linkplain #hold() hold}
 * traffic without losing any until {@link #release()}: a server that stopped answering for a while
 * (a long pause, a stopped process) and then answers everything it was sent, in order.
 */
public final class FaultProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong forwardedBytes = new AtomicLong();

	private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();

	private final Object gate = new Object();

	private boolean held;

	private volatile boolean blackHoled;

	private volatile boolean refusing;

	private volatile boolean closed;

	private FaultProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy on a free loopback port in front of a server.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @return the running proxy
	 */
	public static FaultProxy start(String targetHost, int targetPort) {
		try {
			return new FaultProxy(targetHost, targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns the port clients connect to.
	 * @return the proxy's port
	 */
	public int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * Returns the bytes forwarded in both directions so far.
	 * @return the byte count
	 */
	public long forwardedBytes() {
		return this.forwardedBytes.get();
	}

	/**
	 * Swallows all traffic from now on, in both directions, without closing anything.
	 */
	public void blackHole() {
		this.blackHoled = true;
	}

	/**
	 * Swallows, for good, the traffic of every connection open now, in both directions, without
	 * closing anything; connections made later are forwarded.
	 */
	public void stallOpenConnections() {
		this.stalled.addAll(this.sockets);
	}

	/**
	 * Closes every open connection, as a network partition would.
	 */
	public void dropConnections() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	/**
	 * Drops every connection and closes new ones at once, as a crashed server would look.
	 */
	public void refuse() {
		this.refusing = true;
		dropConnections();
	}

	/**
	 * Holds all traffic from now on, in both directions, without dropping any: bytes read are
	 * forwarded, in order, once {@link #release()} is called. Nothing closes and no time limit
	 * applies: the client waits until its own timeout, and later commands queue behind the held ones
	 * as they would behind a server that stopped answering.
	 */
	public void hold() {
		synchronized (this.gate) {
			this.held = true;
		}
	}

	/**
	 * Forwards everything {@linkplain #hold() held} so far, and traffic from now on.
	 */
	public void release() {
		synchronized (this.gate) {
			this.held = false;
			this.gate.notifyAll();
		}
	}

	/**
	 * Forwards traffic again, and accepts connections again.
	 */
	public void heal() {
		this.blackHoled = false;
		this.refusing = false;
	}

	@Override
	public void close() {
		this.closed = true;
		release();
		closeQuietly(this.listener);
		dropConnections();
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				if (this.refusing) {
					closeQuietly(client);
					continue;
				}
				Socket server = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(server);
				pump(client, server, "fault-proxy-up");
				pump(server, client, "fault-proxy-down");
			}
			catch (IOException ex) {
				if (!this.closed) {
					// the target refused: the client sees its connection closed, as with a dead server
					continue;
				}
			}
		}
	}

	private void pump(Socket from, Socket to, String name) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					awaitRelease();
					if (!this.blackHoled && !this.stalled.contains(from)) {
						out.write(buffer, 0, read);
						out.flush();
						this.forwardedBytes.addAndGet(read);
					}
				}
			}
			catch (SocketException ex) {
				// closed by dropConnections() or by the other side
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitRelease() throws InterruptedIOException {
		synchronized (this.gate) {
			while (this.held && !this.closed) {
				try {
					this.gate.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("interrupted while traffic was held");
				}
			}
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing is best effort in a fault injector
		}
	}

}
