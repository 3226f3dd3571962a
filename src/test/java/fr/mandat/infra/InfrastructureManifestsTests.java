package fr.mandat.infra;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every manifest under {@code infra/} read with Kubernetes' own model classes (a field
 * the model does not know fails), and the invariants the deployment relies on: probes,
 * resources, a non-root read-only container, no {@code latest} image, every referenced
 * secret provided by an ExternalSecret, the two database roles kept apart, realm imports
 * without demo data.
 */
class InfrastructureManifestsTests {

	private static final Path INFRA = Path.of("infra");

	private static final Path BASE = INFRA.resolve("k8s/base");

	/** Custom resources of the operators the deployment uses: no schema in the model. */
	private static final Set<String> KNOWN_CUSTOM_KINDS = Set.of("postgresql.cnpg.io/v1 Cluster",
			"postgresql.cnpg.io/v1 Database", "postgresql.cnpg.io/v1 ScheduledBackup",
			"k8s.keycloak.org/v2alpha1 Keycloak", "k8s.keycloak.org/v2alpha1 KeycloakRealmImport",
			"external-secrets.io/v1 ExternalSecret", "monitoring.coreos.com/v1 ServiceMonitor",
			"monitoring.coreos.com/v1 PrometheusRule");

	private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

	private static final ObjectMapper YAML = YAMLMapper.builder().build();

	private static Map<Path, List<HasMetadata>> manifests = Map.of();

	@BeforeAll
	static void read() throws IOException {
		if (Boolean.getBoolean("mandat.infra.regenerate")) {
			RealmImports.writeAll(Path.of(""));
		}
		Map<Path, List<HasMetadata>> read = new LinkedHashMap<>();
		try (Stream<Path> files = Files.walk(INFRA)) {
			for (Path file : files.filter(InfrastructureManifestsTests::isManifest).sorted().toList()) {
				read.put(file, documents(file));
			}
		}
		manifests = read;
	}

	@Test
	void everyManifestIsReadByTheKubernetesModelWithoutUnknownFields() {
		assertThat(manifests).isNotEmpty();
		List<String> problems = new ArrayList<>();
		manifests.forEach((file, resources) -> {
			for (HasMetadata resource : resources) {
				String where = file + " " + resource.getKind() + "/" + resource.getMetadata().getName();
				if (resource instanceof GenericKubernetesResource) {
					if (!KNOWN_CUSTOM_KINDS.contains(resource.getApiVersion() + " " + resource.getKind())) {
						problems.add(where + ": a kind neither Kubernetes nor the chosen operators define ("
								+ resource.getApiVersion() + ")");
					}
				}
				else {
					unknownFields(resource, where, problems);
				}
			}
		});
		assertThat(problems).isEmpty();
	}

	@Test
	void theUnknownFieldCheckFindsAMisspelledField() {
		HasMetadata misspelled = KUBERNETES.unmarshal("""
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: x
				spec:
				  replica: 3
				  template:
				    spec:
				      containers:
				        - name: x
				          image: x:1
				          readinessProbes: {}
				""");
		List<String> problems = new ArrayList<>();

		unknownFields(misspelled, "test", problems);

		assertThat(problems).hasSize(2)
			.anySatisfy(problem -> assertThat(problem).contains("replica"))
			.anySatisfy(problem -> assertThat(problem).contains("readinessProbes"));
	}

	@Test
	void theApplicationRunsAsANonRootReadOnlyContainerWithProbesAndResources() {
		Deployment deployment = only(Deployment.class, "mandat");
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		Container app = pod.getContainers().get(0);
		assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(List.of(app.getLivenessProbe(), app.getReadinessProbe(), app.getStartupProbe()))
			.allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
		assertThat(app.getPorts()).anySatisfy(port -> {
			assertThat(port.getName()).isEqualTo("management");
			assertThat(port.getContainerPort()).isEqualTo(8081);
		});
		Job migration = only(Job.class, "mandat-migration");
		for (Container container : List.of(app, migration.getSpec().getTemplate().getSpec().getContainers().get(0))) {
			assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
			assertThat(container.getResources().getLimits()).containsKey("memory");
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		}
		assertThat(migration.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
	}

	@Test
	void onlyTheMigrationJobHoldsTheOwnerRole() {
		Deployment deployment = only(Deployment.class, "mandat");
		List<EnvVar> appEnv = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
		assertThat(appEnv).extracting(EnvVar::getName).doesNotContain("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
		assertThat(env(appEnv, "SPRING_FLYWAY_ENABLED")).isEqualTo("false");
		assertThat(secretNames(deployment)).doesNotContain("mandat-db-owner").contains("mandat-db-app");

		Job migration = only(Job.class, "mandat-migration");
		Container job = migration.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(job.getCommand()).contains("fr.mandat.DatabaseMigration");
		assertThat(secretNames(migration)).containsExactly("mandat-db-owner");
		assertThat(env(job.getEnv(), "SPRING_DATASOURCE_URL")).isEqualTo(env(appEnv, "SPRING_DATASOURCE_URL"));

		Map<String, Object> cluster = custom("Cluster", "mandat-db");
		assertThat(path(cluster, "spec", "instances")).isEqualTo(3);
		assertThat((Integer) path(cluster, "spec", "postgresql", "synchronous", "number")).isPositive();
		assertThat(path(cluster, "spec", "bootstrap", "initdb", "owner")).isEqualTo("mandat_owner");
		assertThat(path(cluster, "spec", "backup", "barmanObjectStore", "destinationPath")).isNotNull();
		List<?> roles = (List<?>) path(cluster, "spec", "managed", "roles");
		assertThat(roles).anySatisfy(role -> {
			assertThat(((Map<?, ?>) role).get("name")).isEqualTo(env(job.getEnv(), "MANDAT_DB_APP_ROLE"));
			assertThat(((Map<?, ?>) role).get("superuser")).isEqualTo(false);
		});
	}

	@Test
	void disruptionBudgetAutoscalerAndNetworkPolicyCoverTheApplication() {
		Map<String, String> podLabels = only(Deployment.class, "mandat").getSpec()
			.getTemplate()
			.getMetadata()
			.getLabels();
		PodDisruptionBudget budget = only(PodDisruptionBudget.class, "mandat");
		assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
		assertThat(budget.getSpec().getMinAvailable().getIntVal()).isBetween(1, 2);
		HorizontalPodAutoscaler autoscaler = only(HorizontalPodAutoscaler.class, "mandat");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("mandat");
		assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(3);
		NetworkPolicy policy = only(NetworkPolicy.class, "mandat");
		assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
		assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
		assertThat(policy.getSpec().getIngress()).flatExtracting(rule -> rule.getPorts())
			.extracting(port -> port.getPort().getIntVal())
			.containsExactlyInAnyOrder(8080, 8081);
		Ingress ingress = only(Ingress.class, "mandat");
		assertThat(ingress.getSpec()
			.getRules()
			.get(0)
			.getHttp()
			.getPaths()
			.get(0)
			.getBackend()
			.getService()
			.getPort()
			.getName()).isEqualTo("http");
	}

	@Test
	void noImageIsLatestOrUntagged() throws IOException {
		List<String> images = new ArrayList<>();
		for (HasMetadata resource : base()) {
			if (resource instanceof Deployment deployment) {
				deployment.getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.add(c.getImage()));
			}
			else if (resource instanceof Job job) {
				job.getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.add(c.getImage()));
			}
			else if (resource instanceof GenericKubernetesResource custom) {
				Object image = path(custom.getAdditionalProperties(), "spec", "image");
				Object imageName = path(custom.getAdditionalProperties(), "spec", "imageName");
				Stream.of(image, imageName).filter(String.class::isInstance).forEach(i -> images.add((String) i));
			}
		}
		assertThat(images).isNotEmpty()
			.allSatisfy(image -> assertThat(image.equals("mandat") || image.matches(".+:[0-9][^:]*"))
				.as("image %s has a version tag (or is the application's, set by kustomize)", image)
				.isTrue());
		for (Path kustomization : kustomizations()) {
			List<?> entries = (List<?>) YAML.readValue(kustomization.toFile(), Map.class).get("images");
			assertThat(entries).as("%s names the application's image and version", kustomization).isNotEmpty();
			for (Object entry : entries) {
				Object tag = ((Map<?, ?>) entry).get("newTag");
				assertThat(tag).isNotNull().isNotEqualTo("latest");
				assertThat(tag.toString()).matches("[0-9].*");
			}
		}
	}

	@Test
	void everyKustomizationNamesFilesThatExistAndPatchesResourcesThatExist() throws IOException {
		Set<String> baseResources = new LinkedHashSet<>();
		manifests.forEach((file, resources) -> {
			if (file.startsWith(BASE)) {
				resources.forEach(r -> baseResources.add(r.getKind() + "/" + r.getMetadata().getName()));
			}
		});
		List<Path> kustomizations = kustomizations();
		assertThat(kustomizations).extracting(Path::toString)
			.contains("infra/k8s/base/kustomization.yaml", "infra/k8s/overlays/staging/kustomization.yaml",
					"infra/k8s/overlays/production/kustomization.yaml");
		Set<Path> listedInBase = new LinkedHashSet<>();
		for (Path kustomization : kustomizations) {
			Map<?, ?> content = YAML.readValue(kustomization.toFile(), Map.class);
			Path dir = kustomization.getParent();
			for (Object resource : (List<?>) content.get("resources")) {
				Path target = dir.resolve(resource.toString()).normalize();
				assertThat(target).as("%s lists %s", kustomization, resource).exists();
				if (dir.equals(BASE)) {
					listedInBase.add(target);
				}
			}
			Object patches = content.get("patches");
			for (Object patch : (patches == null) ? List.of() : (List<?>) patches) {
				Path file = dir.resolve(((Map<?, ?>) patch).get("path").toString());
				HasMetadata patched = documents(file).get(0);
				assertThat(baseResources).as("%s patches a resource of the base", file)
					.contains(patched.getKind() + "/" + patched.getMetadata().getName());
			}
		}
		try (Stream<Path> baseFiles = Files.list(BASE)) {
			assertThat(baseFiles.filter(InfrastructureManifestsTests::isManifest).toList())
				.as("every manifest of the base is in its kustomization")
				.allSatisfy(file -> assertThat(listedInBase).contains(file.normalize()));
		}
	}

	@Test
	void everySecretAManifestUsesComesFromAnExternalSecretWithTheKeysItReads() {
		Map<String, Set<String>> provided = new LinkedHashMap<>();
		for (HasMetadata resource : all()) {
			if (resource instanceof GenericKubernetesResource custom && custom.getKind().equals("ExternalSecret")) {
				String target = (String) path(custom.getAdditionalProperties(), "spec", "target", "name");
				Set<String> keys = new LinkedHashSet<>();
				for (Object data : (List<?>) path(custom.getAdditionalProperties(), "spec", "data")) {
					keys.add(((Map<?, ?>) data).get("secretKey").toString());
				}
				provided.put(target, keys);
			}
		}
		Map<String, Set<String>> used = new LinkedHashMap<>();
		for (HasMetadata resource : all()) {
			secretKeysUsed(resource, used);
		}
		assertThat(used).containsKeys("mandat-db-app", "mandat-db-owner", "mandat-oidc", "mandat-signing", "mandat-tls",
				"keycloak-db", "keycloak-tls", "keycloak-bootstrap-admin", "mandat-backup-s3",
				RealmImports.PLACEHOLDER_SECRET);
		used.forEach((secret, keys) -> {
			assertThat(provided).as("secret %s is provided by an ExternalSecret", secret).containsKey(secret);
			assertThat(provided.get(secret)).as("keys of secret %s", secret).containsAll(keys);
		});
	}

	@Test
	void realmImportsAreGeneratedFromTheRealmsWithoutDemoUsersOrLocalSecrets() throws IOException {
		for (Map.Entry<String, String> target : RealmImports.TARGETS.entrySet()) {
			Path file = Path.of(target.getValue());
			assertThat(Files.readString(file, StandardCharsets.UTF_8))
				.as("%s is generated from keycloak/%s: ./mvnw test -Dtest=InfrastructureManifestsTests -Dmandat.infra.regenerate=true",
						file, target.getKey())
				.isEqualTo(RealmImports.generate(Path.of("keycloak", target.getKey())));
			GenericKubernetesResource realmImport = (GenericKubernetesResource) documents(file).get(0);
			@SuppressWarnings("unchecked")
			Map<String, Object> realm = (Map<String, Object>) path(realmImport.getAdditionalProperties(), "spec",
					"realm");
			assertThat(realm).isNotNull().doesNotContainKey("users");
			for (Object client : (List<?>) realm.get("clients")) {
				Map<?, ?> each = (Map<?, ?>) client;
				assertThat(each.get("clientId")).isNotEqualTo("mandat-cli");
				if (each.containsKey("secret")) {
					assertThat(each.get("secret").toString()).matches("\\$\\{[A-Z_]+}");
				}
			}
			assertThat(YAML.writeValueAsString(realm)).doesNotContain("localhost").doesNotContain("local-dev-secret");
		}
	}

	private static void secretKeysUsed(HasMetadata resource, Map<String, Set<String>> used) {
		PodSpec pod = null;
		if (resource instanceof Deployment deployment) {
			pod = deployment.getSpec().getTemplate().getSpec();
		}
		else if (resource instanceof Job job) {
			pod = job.getSpec().getTemplate().getSpec();
		}
		if (pod != null) {
			for (Container container : pod.getContainers()) {
				for (EnvVar variable : container.getEnv()) {
					if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
						used.computeIfAbsent(variable.getValueFrom().getSecretKeyRef().getName(),
								k -> new LinkedHashSet<>())
							.add(variable.getValueFrom().getSecretKeyRef().getKey());
					}
				}
			}
			for (Volume volume : pod.getVolumes()) {
				if (volume.getSecret() != null) {
					Set<String> keys = used.computeIfAbsent(volume.getSecret().getSecretName(),
							k -> new LinkedHashSet<>());
					volume.getSecret().getItems().forEach(item -> keys.add(item.getKey()));
				}
			}
		}
		else if (resource instanceof Ingress ingress) {
			ingress.getSpec()
				.getTls()
				.forEach(tls -> used.computeIfAbsent(tls.getSecretName(), k -> new LinkedHashSet<>())
					.addAll(List.of("tls.crt", "tls.key")));
		}
		else if (resource instanceof GenericKubernetesResource custom && !custom.getKind().equals("ExternalSecret")) {
			customSecrets(custom.getAdditionalProperties(), null, used);
		}
	}

	/**
	 * The operators' ways of naming a secret: CloudNativePG ({@code secret},
	 * {@code passwordSecret}, {@code s3Credentials}), Keycloak ({@code usernameSecret},
	 * {@code tlsSecret}, {@code bootstrapAdmin.user.secret}, realm import placeholders).
	 */
	private static void customSecrets(Object node, String key, Map<String, Set<String>> used) {
		if ("realm".equals(key)) {
			// The realm's own content (client secrets there are placeholders).
			return;
		}
		if (node instanceof Map<?, ?> map) {
			boolean secretReference = key != null && (key.equals("secret") || key.endsWith("Secret")
					|| key.equals("accessKeyId") || key.equals("secretAccessKey"));
			if (secretReference && map.get("name") instanceof String name) {
				Set<String> keys = used.computeIfAbsent(name, k -> new LinkedHashSet<>());
				if (map.get("key") instanceof String secretKey) {
					keys.add(secretKey);
				}
				else if (!key.equals("tlsSecret")) {
					// CloudNativePG's role and bootstrap secrets are basic-auth secrets.
					keys.addAll(List.of("username", "password"));
				}
				return;
			}
			map.forEach((k, v) -> customSecrets(v, k.toString(), used));
		}
		else if (node instanceof List<?> list) {
			list.forEach(element -> customSecrets(element, key, used));
		}
		else if (node instanceof String name && key != null && (key.equals("tlsSecret") || key.equals("secret"))) {
			Set<String> keys = used.computeIfAbsent(name, k -> new LinkedHashSet<>());
			keys.addAll(key.equals("tlsSecret") ? List.of("tls.crt", "tls.key") : List.of("username", "password"));
		}
	}

	private static Set<String> secretNames(HasMetadata workload) {
		Map<String, Set<String>> used = new LinkedHashMap<>();
		secretKeysUsed(workload, used);
		return used.keySet();
	}

	private static String env(List<EnvVar> variables, String name) {
		return variables.stream()
			.filter(variable -> variable.getName().equals(name))
			.map(EnvVar::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " is not set"));
	}

	/**
	 * Walks a model object and reports every field the model did not know (Jackson put it
	 * in {@code additionalProperties}).
	 */
	static void unknownFields(Object node, String where, List<String> problems) {
		if (node instanceof Collection<?> collection) {
			int index = 0;
			for (Object element : collection) {
				unknownFields(element, where + "[" + index++ + "]", problems);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> unknownFields(value, where + "." + key, problems));
			return;
		}
		if (!(node instanceof KubernetesResource) || node instanceof GenericKubernetesResource) {
			return;
		}
		for (Method getter : node.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value;
			try {
				value = getter.invoke(node);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
					problems.add(where + ": unknown " + unknown.keySet());
				}
			}
			else if (value != null) {
				unknownFields(value, where + "." + getter.getName().substring(3), problems);
			}
		}
	}

	private static List<HasMetadata> base() {
		return manifests.entrySet()
			.stream()
			.filter(entry -> entry.getKey().startsWith(BASE))
			.flatMap(entry -> entry.getValue().stream())
			.toList();
	}

	private static List<HasMetadata> all() {
		return manifests.values().stream().flatMap(List::stream).toList();
	}

	private static <T extends HasMetadata> T only(Class<T> type, String name) {
		List<T> found = manifests.entrySet()
			.stream()
			.filter(entry -> entry.getKey().startsWith(BASE))
			.flatMap(entry -> entry.getValue().stream())
			.filter(type::isInstance)
			.map(type::cast)
			.filter(resource -> resource.getMetadata().getName().equals(name))
			.toList();
		assertThat(found).as("%s %s in the base", type.getSimpleName(), name).hasSize(1);
		return found.get(0);
	}

	private static Map<String, Object> custom(String kind, String name) {
		return all().stream()
			.filter(GenericKubernetesResource.class::isInstance)
			.map(GenericKubernetesResource.class::cast)
			.filter(resource -> resource.getKind().equals(kind) && resource.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow()
			.getAdditionalProperties();
	}

	private static Object path(Map<?, ?> root, String... keys) {
		Object node = root;
		for (String key : keys) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = map.get(key);
		}
		return node;
	}

	private static boolean isManifest(Path file) {
		String name = file.getFileName().toString();
		return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.equals("kustomization.yaml");
	}

	private static List<Path> kustomizations() throws IOException {
		try (Stream<Path> files = Files.walk(INFRA)) {
			return files.filter(file -> file.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
		}
	}

	private static List<HasMetadata> documents(Path file) throws IOException {
		List<HasMetadata> resources = new ArrayList<>();
		for (String document : Files.readString(file, StandardCharsets.UTF_8).split("(?m)^---\\s*$")) {
			if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
				continue;
			}
			resources.add(KUBERNETES.unmarshal(document));
		}
		return resources;
	}

}
