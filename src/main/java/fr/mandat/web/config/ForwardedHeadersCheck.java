package fr.mandat.web.config;

import java.util.Locale;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with {@code server.forward-headers-strategy=framework}
 * ({@code MANDAT_FORWARD_HEADERS}): Spring's forwarded-headers filter takes the client's
 * address from the first {@code X-Forwarded-For} value, which the client writes itself,
 * so anyone could pick a new address per request and escape every per-client limit.
 * Behind a proxy use {@code native} (Tomcat's remote IP valve reads the list from the
 * right, trusting only the configured proxies); otherwise {@code none}.
 */
@Component
class ForwardedHeadersCheck implements InitializingBean {

	static final String PROPERTY = "server.forward-headers-strategy";

	private final Environment environment;

	ForwardedHeadersCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		String strategy = this.environment.getProperty(PROPERTY, "none").strip().toLowerCase(Locale.ROOT);
		if (strategy.equals("framework")) {
			throw new IllegalStateException("MANDAT_FORWARD_HEADERS=framework trusts the first X-Forwarded-For value,"
					+ " which any client sets: use native behind a proxy (with its addresses in"
					+ " SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES), or none. The application does not start.");
		}
	}

}
