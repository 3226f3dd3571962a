package fr.mandat.local.partnersite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fr.mandat.local.LocalPartnerSites;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts « Portail CAF (simulé) », a demo partner site, as an application of its own: its
 * own Spring context, its own properties (not Mandat's application.yml), its own web
 * server, no bean shared with Mandat. It finds Mandat through discovery at its issuer, so
 * start it once Mandat answers.
 */
public final class DemoPartnerSite implements AutoCloseable {

	/** The site's name, as Mandat's choice page and its own pages show it. */
	public static final String NAME = "Portail CAF (simulé)";

	private final ConfigurableApplicationContext context;

	private final int port;

	private DemoPartnerSite(ConfigurableApplicationContext context, int port) {
		this.context = context;
		this.port = port;
	}

	/**
	 * @param issuer Mandat's issuer, e.g. {@code http://localhost:8080}
	 * @param port the site's port: its redirect address
	 * ({@link LocalPartnerSites#redirectUri}) is registered at Mandat with that port
	 */
	public static DemoPartnerSite start(String issuer, int port) {
		SpringApplication application = new SpringApplication(PartnerSiteConfiguration.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		// Not the test classpath's initializer, which points applications at the local
		// infrastructure, nor a second set-up of the JVM's logging.
		application.setInitializers(List.of());
		List<ApplicationListener<?>> listeners = application.getListeners()
			.stream()
			.filter(listener -> !(listener instanceof LoggingApplicationListener))
			.toList();
		application.setListeners(listeners);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		Map<String, Object> properties = new LinkedHashMap<>();
		// No application.yml of Mandat's: this site reads only what is given here.
		properties.put("spring.config.name", "portail-caf-simule");
		properties.put("server.port", port);
		properties.put("server.address", "localhost");
		properties.put("server.servlet.session.cookie.name", "PORTAIL_CAF_SESSION");
		properties.put("spring.application.name", "portail-caf-simule");
		properties.put(PartnerSiteConfiguration.ISSUER, issuer);
		properties.put(PartnerSiteConfiguration.CLIENT_ID, LocalPartnerSites.CAF);
		properties.put(PartnerSiteConfiguration.REDIRECT_URI,
				LocalPartnerSites.redirectUri(LocalPartnerSites.CAF, port));
		application.setDefaultProperties(properties);
		return new DemoPartnerSite(application.run(), port);
	}

	/** The site's home page, e.g. {@code http://localhost:8095/}. */
	public String url() {
		return "http://localhost:" + this.port + "/";
	}

	@Override
	public void close() {
		this.context.close();
	}

}
