package fr.mandat.local;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server for the local stand-ins (time-stamp authority, witnesses, mail,
 * partners' logout receivers, benchmark partner), with Nagle's algorithm off.
 * <p>
 * The JDK's server writes an answer's headers and body separately and leaves Nagle's
 * algorithm on unless told otherwise; a kept-alive client acknowledging late (Linux
 * delays acknowledgements up to 40 ms) then holds the body back: each call took 40 ms
 * more than its work. Real services (Jetty, WireMock, nginx) set {@code TCP_NODELAY}. The
 * setting is read once per JVM, when the first server starts, so every local server is
 * created here.
 */
public final class LocalHttpServers {

	private LocalHttpServers() {
	}

	public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
		return HttpServer.create(address, backlog);
	}

}
