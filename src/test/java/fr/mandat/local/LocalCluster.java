package fr.mandat.local;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * Application processes (each its own JVM: the packaged jar for the local cluster, the
 * test classpath with the application's real main class for the fault suite) behind
 * HAProxy, which checks each instance's readiness on its management port and sends new
 * requests only to the ready ones. Nothing depends on stickiness: sessions live in
 * PostgreSQL. HAProxy is the Debian package ({@code /usr/sbin/haproxy}), installed by
 * {@code .ci/run} like Chromium.
 */
public final class LocalCluster implements AutoCloseable {

	public static final Path HAPROXY = Path.of(System.getProperty("mandat.haproxy", "/usr/sbin/haproxy"));

	private static final Duration START = Duration.ofMinutes(4);

	private final Path directory;

	private final Map<String, Object> properties;

	private final int frontendPort;

	private final List<String> launch;

	private final List<Instance> instances = new ArrayList<>();

	private @Nullable Process haproxy;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/**
	 * @param properties every instance's configuration (database, Keycloak, partners),
	 * the ports excepted
	 * @param frontendPort HAProxy's address
	 * @param ports each instance's server and management ports
	 * @param launch what follows {@code java} to start the application: {@link #fromJar}
	 * or {@link #fromClasspath}
	 */
	public LocalCluster(Path directory, Map<String, Object> properties, int frontendPort, List<int[]> ports,
			List<String> launch) throws IOException {
		this.directory = Files.createDirectories(directory);
		this.launch = List.copyOf(launch);
		this.properties = Map.copyOf(properties);
		this.frontendPort = frontendPort;
		for (int i = 0; i < ports.size(); i++) {
			this.instances.add(new Instance("mandat-" + (i + 1), ports.get(i)[0], ports.get(i)[1]));
		}
	}

	/** The packaged application (Spring Boot's executable jar). */
	public static List<String> fromJar(Path jar) {
		return List.of("-jar", jar.toString());
	}

	/**
	 * The application's main class on this JVM's classpath (the tests'), after these JVM
	 * options.
	 */
	public static List<String> fromClasspath(String... jvmOptions) {
		List<String> launch = new ArrayList<>(List.of(jvmOptions));
		launch.addAll(List.of("-cp", System.getProperty("java.class.path"), "fr.mandat.MandatApplication"));
		return launch;
	}

	/** Starts every instance, waits until each is ready, then starts HAProxy in front. */
	public LocalCluster start() throws IOException {
		for (Instance instance : this.instances) {
			instance.start();
		}
		for (Instance instance : this.instances) {
			awaitReady(instance);
		}
		Path config = this.directory.resolve("haproxy.cfg");
		Files.writeString(config, haproxyConfiguration());
		this.haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("haproxy.log").toFile())
			.start();
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> status(baseUrl() + "/actuator/health") > 0);
		return this;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.frontendPort;
	}

	public int size() {
		return this.instances.size();
	}

	/** {@code kill -9}: no shutdown hook, no drain, connections cut mid-request. */
	public void kill(int index) {
		Instance instance = this.instances.get(index);
		Process process = instance.process;
		if (process != null) {
			process.destroyForcibly();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
		}
	}

	/** Starts a killed instance again and waits until it is ready. */
	public void restart(int index) throws IOException {
		startAgain(index);
		awaitReady(this.instances.get(index));
	}

	/** Starts a killed instance again, without waiting for it. */
	public void startAgain(int index) throws IOException {
		this.instances.get(index).start();
	}

	/** Whether the instance answers its readiness check. */
	public boolean ready(int index) {
		return status(
				"http://127.0.0.1:" + this.instances.get(index).managementPort + "/actuator/health/readiness") == 200;
	}

	/** Waits until every instance is ready (those started again included). */
	public void awaitAllReady() {
		this.instances.forEach(this::awaitReady);
	}

	private void awaitReady(Instance instance) {
		Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(500)).until(() -> {
			Process process = instance.process;
			if (process == null || !process.isAlive()) {
				throw new IllegalStateException(instance.name + " stopped while starting: see "
						+ this.directory.resolve(instance.name + ".log"));
			}
			return status("http://127.0.0.1:" + instance.managementPort + "/actuator/health/readiness") == 200;
		});
	}

	private int status(String url) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * Round robin over the ready instances; an instance is out after two failed checks (1
	 * s) and back after two good ones. A request refused at connection (an instance just
	 * killed) is sent to another one; a request already sent is never sent twice by
	 * HAProxy (the client decides, with its idempotency key).
	 */
	private String haproxyConfiguration() {
		StringBuilder config = new StringBuilder("""
				global
				  maxconn 2000
				defaults
				  mode http
				  timeout connect 2s
				  timeout client 60s
				  timeout server 60s
				  retries 3
				  option redispatch 1
				  retry-on conn-failure empty-response
				frontend mandat
				  bind 127.0.0.1:%d
				  default_backend instances
				backend instances
				  balance roundrobin
				  option httpchk GET /actuator/health/readiness
				  http-check expect status 200
				""".formatted(this.frontendPort));
		for (Instance instance : this.instances) {
			config.append("  server %s 127.0.0.1:%d check port %d inter 500ms fall 2 rise 2%n".formatted(instance.name,
					instance.serverPort, instance.managementPort));
		}
		return config.toString();
	}

	@Override
	public void close() {
		if (this.haproxy != null) {
			this.haproxy.destroy();
		}
		for (Instance instance : this.instances) {
			if (instance.process != null) {
				instance.process.destroyForcibly();
			}
		}
	}

	private final class Instance {

		private final String name;

		private final int serverPort;

		private final int managementPort;

		private volatile @Nullable Process process;

		Instance(String name, int serverPort, int managementPort) {
			this.name = name;
			this.serverPort = serverPort;
			this.managementPort = managementPort;
		}

		void start() throws IOException {
			Properties configuration = new Properties();
			LocalCluster.this.properties.forEach((key, value) -> configuration.setProperty(key, String.valueOf(value)));
			configuration.setProperty("server.port", String.valueOf(this.serverPort));
			configuration.setProperty("management.server.port", String.valueOf(this.managementPort));
			configuration.setProperty("spring.profiles.active", "local");
			Path file = LocalCluster.this.directory.resolve(this.name + ".properties");
			try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				configuration.store(writer, "Instance " + this.name);
			}
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			Path log = LocalCluster.this.directory.resolve(this.name + ".log");
			List<String> command = new ArrayList<>(
					List.of(java.toString(), "-Xmx384m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
			command.addAll(LocalCluster.this.launch);
			command.add("--spring.config.additional-location=file:" + file);
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}

	}

}
