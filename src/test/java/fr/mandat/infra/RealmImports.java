package fr.mandat.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Generates the Keycloak Operator's {@code KeycloakRealmImport} resources from the realm
 * exports the local stack imports ({@code keycloak/realm-*.json}), without what must
 * never reach a real deployment: the demo users, the password-grant client
 * {@code mandat-cli}, the local client secrets, SMTP server and {@code localhost}
 * addresses. Secrets and addresses become placeholders that the operator fills from the
 * secret {@code keycloak-realm-placeholders} (an ExternalSecret).
 *
 * <p>
 * Regenerate after changing a realm:
 * {@code ./mvnw test -Dtest=InfrastructureManifestsTests -Dmandat.infra.regenerate=true}.
 */
final class RealmImports {

	static final String PLACEHOLDER_SECRET = "keycloak-realm-placeholders";

	static final String PUBLIC_URL = "${MANDAT_PUBLIC_URL}";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

	/** Where each realm export's import goes (the usagers' stand-in: staging only). */
	static final Map<String, String> TARGETS = Map.of("realm-mandat.json", "infra/k8s/base/realm-import-mandat.yaml",
			"realm-usagers.json", "infra/k8s/overlays/staging/realm-import-usagers.yaml");

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final ObjectMapper YAML = YAMLMapper.builder().build();

	private RealmImports() {
	}

	/** The import resource for one realm export, as YAML. */
	static String generate(Path realmExport) throws IOException {
		ObjectNode realm = (ObjectNode) JSON.readTree(Files.readString(realmExport, StandardCharsets.UTF_8));
		realm.remove("users");
		if (realm.has("smtpServer")) {
			ObjectNode smtp = (ObjectNode) realm.get("smtpServer");
			smtp.put("host", "${MANDAT_SMTP_HOST}");
			smtp.put("port", "${MANDAT_SMTP_PORT}");
			smtp.put("auth", "true");
			smtp.put("user", "${MANDAT_SMTP_USER}");
			smtp.put("password", "${MANDAT_SMTP_PASSWORD}");
			smtp.put("ssl", "false");
			smtp.put("starttls", "true");
		}
		if (realm.get("clients") instanceof ArrayNode clients) {
			for (Iterator<JsonNode> each = clients.iterator(); each.hasNext();) {
				ObjectNode client = (ObjectNode) each.next();
				String clientId = client.get("clientId").asString();
				if (clientId.equals("mandat-cli")) {
					// The password grant is for local scripts only; the application
					// refuses to start outside the profile local while it is enabled.
					each.remove();
					continue;
				}
				if (client.has("secret")) {
					client.put("secret", "${" + secretPlaceholder(clientId) + "}");
				}
			}
		}
		JsonNode cleaned = withoutLocalAddresses(realm);
		String realmName = realm.get("realm").asString();
		TreeSet<String> placeholders = new TreeSet<>();
		Matcher found = PLACEHOLDER.matcher(JSON.writeValueAsString(cleaned));
		while (found.find()) {
			placeholders.add(found.group(1));
		}
		ObjectNode resource = JSON.createObjectNode();
		resource.put("apiVersion", "k8s.keycloak.org/v2alpha1");
		resource.put("kind", "KeycloakRealmImport");
		resource.putObject("metadata").put("name", "realm-" + realmName);
		ObjectNode spec = resource.putObject("spec");
		spec.put("keycloakCRName", "keycloak");
		ObjectNode placeholderSpec = spec.putObject("placeholders");
		for (String name : placeholders) {
			placeholderSpec.putObject(name)
				.putObject("secret")
				.put("name", PLACEHOLDER_SECRET)
				.put("key", name.toLowerCase(Locale.ROOT).replace('_', '-'));
		}
		spec.set("realm", cleaned);
		String header = "# Generated from keycloak/" + realmExport.getFileName()
				+ " by fr.mandat.infra.RealmImports (src/test/java): do not edit.\n"
				+ "# No demo users, no local secrets: placeholders filled from the secret " + PLACEHOLDER_SECRET
				+ ".\n";
		String yaml = YAML.writeValueAsString(resource);
		if (yaml.contains("localhost")) {
			throw new IllegalStateException(realmExport + " has a localhost address the generator does not know how to"
					+ " replace: teach RealmImports about it");
		}
		return header + yaml;
	}

	static String secretPlaceholder(String clientId) {
		return clientId.toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET";
	}

	/**
	 * The tests' addresses (port 18080) and the local cluster's (8300) are dropped; the
	 * local stack's {@code http://localhost:8080} becomes the public address.
	 */
	private static JsonNode withoutLocalAddresses(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (String name : new java.util.ArrayList<>(object.propertyNames())) {
				object.set(name, withoutLocalAddresses(object.get(name)));
			}
			return object;
		}
		if (node instanceof ArrayNode array) {
			ArrayNode result = JSON.createArrayNode();
			for (JsonNode element : array) {
				if (element.isString() && isLocalOnly(element.asString())) {
					continue;
				}
				result.add(withoutLocalAddresses(element));
			}
			return result;
		}
		if (node.isString() && node.asString().contains("localhost")) {
			// Keycloak separates several addresses in one attribute with "##".
			String kept = java.util.Arrays.stream(node.asString().split("##"))
				.filter(address -> !isLocalOnly(address))
				.map(address -> address.replace("http://localhost:8080", PUBLIC_URL))
				.collect(java.util.stream.Collectors.joining("##"));
			return StringNode.valueOf(kept);
		}
		return node;
	}

	/** The tests' addresses and the local cluster's (HAProxy at 8300). */
	private static boolean isLocalOnly(String address) {
		return address.contains("localhost:18080") || address.contains("localhost:8300");
	}

	/** Writes every import (see the class comment for the command). */
	static void writeAll(Path projectDir) throws IOException {
		for (Map.Entry<String, String> target : TARGETS.entrySet()) {
			Files.writeString(projectDir.resolve(target.getValue()),
					generate(projectDir.resolve("keycloak").resolve(target.getKey())), StandardCharsets.UTF_8);
		}
	}

}
