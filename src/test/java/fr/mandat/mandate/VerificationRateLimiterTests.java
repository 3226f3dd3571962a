package fr.mandat.mandate;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import fr.mandat.support.RawHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verification limiter on its own: constant memory without starving newcomers, IPv6
 * counted by /64, and behind a proxy with the valve Spring Boot installs for
 * {@code MANDAT_FORWARD_HEADERS=native} ({@code framework} is refused at start-up, see
 * {@code ForwardedHeadersCheckTests}).
 */
class VerificationRateLimiterTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:30Z"), ZoneOffset.UTC);

	private final VerificationRateLimiter limiter = new VerificationRateLimiter(CLOCK, properties());

	@Test
	void theThirtyFirstRequestOfAMinuteIsRefusedAndTheNextMinuteStartsAfresh() {
		for (int i = 0; i < 30; i++) {
			assertThat(this.limiter.tryAcquire("203.0.113.9")).isTrue();
		}
		assertThat(this.limiter.tryAcquire("203.0.113.9")).isFalse();
		VerificationRateLimiter later = new VerificationRateLimiter(Clock.offset(CLOCK, Duration.ofMinutes(1)),
				properties());
		assertThat(later.tryAcquire("203.0.113.9")).isTrue();
	}

	@Test
	void twentyThousandNewAddressesInAMinuteDoNotStarveANewcomer() {
		// The former limiter tracked 10,000 addresses, then counted every newcomer in one
		// shared bucket: the flood used it up and newcomers were refused.
		for (int i = 0; i < 20_000; i++) {
			this.limiter.tryAcquire("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
		}
		for (int abuse = 0; abuse < 1000; abuse++) {
			this.limiter.tryAcquire("198.51.100.66");
		}
		int served = 0;
		for (int newcomer = 0; newcomer < 100; newcomer++) {
			if (this.limiter.tryAcquire("192.0.2." + newcomer)) {
				served++;
			}
		}
		assertThat(served).isEqualTo(100);
		assertThat(this.limiter.tryAcquire("198.51.100.66")).isFalse();
	}

	@Test
	void anIpv6SubscriberIsCountedByItsSlash64() {
		assertThat(VerificationRateLimiter.client("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(VerificationRateLimiter.client("[2001:DB8:1:2:ffff:ffff:ffff:ffff]")).isEqualTo("2001:db8:1:2::/64");
		assertThat(VerificationRateLimiter.client("::1")).isEqualTo("0:0:0:0::/64");
		assertThat(VerificationRateLimiter.client("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
		assertThat(VerificationRateLimiter.client("203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(VerificationRateLimiter.client("not:an:address:zzzz")).isEqualTo("not:an:address:zzzz");
		// Rotating the interface identifier does not escape the limit.
		for (int i = 0; i < 30; i++) {
			assertThat(this.limiter.tryAcquire("2001:db8:7:7::" + Integer.toHexString(i + 1))).isTrue();
		}
		assertThat(this.limiter.tryAcquire("2001:db8:7:7::ffff")).isFalse();
		assertThat(this.limiter.tryAcquire("2001:db8:7:8::1")).isTrue();
	}

	@Test
	void behindAProxyWithTheNativeStrategyTheProxysAddressIsTrustedAndNothingElse() throws Exception {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
		tomcat.setPort(0);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "verification", new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setStatus(
						VerificationRateLimiterTests.this.limiter.tryAcquire(request.getRemoteAddr()) ? 404 : 429);
			}
		});
		context.addServletMappingDecoded("/*", "verification");
		// What Spring Boot installs for server.forward-headers-strategy=native, the
		// proxy's
		// address (here 127.0.0.2) being the only internal one.
		RemoteIpValve valve = new RemoteIpValve();
		valve.setInternalProxies("127\\.0\\.0\\.2");
		valve.setRemoteIpHeader("X-Forwarded-For");
		valve.setProtocolHeader("X-Forwarded-Proto");
		tomcat.getEngine().getPipeline().addValve(valve);
		tomcat.getConnector();
		tomcat.start();
		try {
			int port = tomcat.getConnector().getLocalPort();
			// A client reaching the server directly cannot choose its address.
			for (int i = 1; i <= 31; i++) {
				int status = RawHttp.get("127.0.0.1", port, "/", Map.of("X-Forwarded-For", "203.0.113." + i)).status();
				assertThat(status).as("direct request " + i).isEqualTo((i <= 30) ? 404 : 429);
			}
			// Through the proxy, which appends the address it saw: what the client wrote
			// on the left is ignored.
			for (int i = 1; i <= 31; i++) {
				int status = RawHttp
					.get("127.0.0.2", port, "/", Map.of("X-Forwarded-For", "198.51.100." + i + ", 192.0.2.44"))
					.status();
				assertThat(status).as("proxied request " + i).isEqualTo((i <= 30) ? 404 : 429);
			}
			// Another client behind the same proxy has its own budget.
			assertThat(RawHttp.get("127.0.0.2", port, "/", Map.of("X-Forwarded-For", "192.0.2.45")).status())
				.isEqualTo(404);
		}
		finally {
			stop(tomcat);
		}
	}

	private static void stop(Tomcat tomcat) throws LifecycleException {
		tomcat.stop();
		tomcat.destroy();
	}

	private static MandateProperties properties() {
		return new MandateProperties(Duration.ofMinutes(20), null, 30, 2);
	}

}
