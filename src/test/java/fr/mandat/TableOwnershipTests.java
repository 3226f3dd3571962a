package fr.mandat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each module reads and writes only its own tables (DESIGN.md, « Modules »). Which module
 * owns which table is written down per migration in
 * {@code src/test/resources/architecture/table-owners.txt}; these tests check that every
 * table the migrations create is listed there, and that no SQL in a module's package
 * ({@code src/main/java/fr/mandat/<module>/**}) names a table another module owns.
 */
class TableOwnershipTests {

	private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	private static final Path SOURCES = Path.of("src/main/java/fr/mandat");

	private static final Pattern CREATE_TABLE = Pattern
		.compile("(?i)\\bCREATE\\s+(?:UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_.]*)");

	private static final Pattern VERSION = Pattern.compile("^(V\\d+)__.*\\.sql$");

	@Test
	void everyTableTheMigrationsCreateHasAnOwningModule() throws IOException {
		Map<String, Map<String, String>> listed = listedOwners();
		Map<String, List<String>> created = createdTables();
		List<String> problems = new ArrayList<>();
		created.forEach((version, tables) -> {
			Map<String, String> owners = listed.getOrDefault(version, Map.of());
			for (String table : tables) {
				if (!owners.containsKey(table)) {
					problems.add(version + " creates " + table + ", which has no owning module in table-owners.txt");
				}
			}
		});
		listed.forEach((version, owners) -> owners.keySet()
			.stream()
			.filter(table -> !created.getOrDefault(version, List.of()).contains(table))
			.forEach(
					table -> problems.add("table-owners.txt says " + version + " creates " + table + "; it does not")));
		listed.values()
			.stream()
			.flatMap(owners -> owners.values().stream())
			.distinct()
			.filter(module -> !Files.isDirectory(SOURCES.resolve(module)))
			.forEach(module -> problems.add("table-owners.txt names " + module + ", which is not a module"));
		assertThat(problems).isEmpty();
		assertThat(created.values().stream().mapToInt(List::size).sum()).as("tables created by the migrations")
			.isGreaterThanOrEqualTo(20);
	}

	@Test
	void noModuleNamesAnotherModulesTableInItsSql() throws IOException {
		Map<String, String> owners = new LinkedHashMap<>();
		listedOwners().values().forEach(owners::putAll);
		List<String> violations = new ArrayList<>();
		int scanned = 0;
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				scanned++;
				violations.addAll(violations(moduleOf(SOURCES.relativize(file)), SOURCES.relativize(file).toString(),
						Files.readString(file), owners));
			}
		}
		assertThat(scanned).isGreaterThan(100);
		assertThat(violations).isEmpty();
	}

	@Test
	void aModuleNamingAnotherModulesTableIsCaught() {
		Map<String, String> owners = Map.of("aidant", "structure", "membership", "structure", "mandate", "mandate",
				"demarche_execution", "demarche", "demarche_submission", "demarche");
		String demarcheSource = """
				class Sample {
					// FROM aidant in a comment is not SQL.
					String own = "SELECT id FROM demarche_execution WHERE id = ?";
					String lock = \"""
							SELECT a.id FROM aidant a JOIN membership m ON m.aidant_id = a.id
							WHERE a.id = ? FOR SHARE OF a
							\""";
					String message = "Votre structure ne propose pas les démarches « Argent » : usager_id, :mandate";
				}
				""";
		assertThat(violations("demarche", "demarche/Sample.java", demarcheSource, owners)).hasSize(2)
			.allSatisfy(violation -> assertThat(violation).startsWith("demarche/Sample.java (module demarche) names "))
			.anySatisfy(violation -> assertThat(violation).contains("aidant, owned by structure"))
			.anySatisfy(violation -> assertThat(violation).contains("membership, owned by structure"));
		assertThat(violations("structure", "structure/Sample.java", demarcheSource, owners))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("demarche_execution, owned by demarche");
	}

	@Test
	void findsTablesWhereverSqlNamesThem() {
		assertThat(SqlTableReferences.tablesNamed("""
				SELECT s.key FROM demarche_submission s JOIN demarche_execution e ON e.id = s.key
				WHERE s.aidant_id = :aidant AND e.structure_id IN (SELECT id FROM public.structure)
				""")).containsExactly("demarche_submission", "demarche_execution", "structure");
		assertThat(SqlTableReferences.tablesNamed("select 1 from mandate m, autorisation AS a, usager where true"))
			.containsExactly("mandate", "autorisation", "usager");
		assertThat(SqlTableReferences.tablesNamed("""
				INSERT INTO journal_entry (id) VALUES (?);
				UPDATE aidant SET state = 'DEACTIVATED', state_changed_at = ? WHERE id = ?;
				DELETE FROM membership WHERE aidant_id = ?;
				WITH c AS (UPDATE ONLY demarche_execution e SET next_reconcile_at = NULL RETURNING e.id)
				SELECT * FROM c LEFT JOIN LATERAL unnest(?) u ON true FOR UPDATE OF c SKIP LOCKED;
				LOCK TABLE habilitation_request; TRUNCATE step_up_token_use; COPY journal_leaf TO STDOUT
				""")).containsExactly("journal_entry", "aidant", "membership", "demarche_execution", "c", "unnest",
				"habilitation_request", "step_up_token_use", "journal_leaf");
		assertThat(SqlTableReferences.tablesNamed("""
				SELECT usager_id, structure_id FROM x WHERE mandate = :mandate AND note = 'FROM aidant'
				ON CONFLICT (key) DO UPDATE SET structure = EXCLUDED.structure
				""")).containsExactly("x");
		assertThat(SqlTableReferences.tablesNamed("Votre structure ne propose pas les démarches « Argent »")).isEmpty();
	}

	@Test
	void readsTheStringLiteralsOfJavaSource() {
		String source = "char q = '\"'; String a = \"FROM \\\"x\\\"\"; // \"not this\"\n"
				+ "/* \"nor this\" */ String b = \"\"\"\n  text block\n  \"\"\";";
		assertThat(SqlTableReferences.stringLiterals(source)).containsExactly("FROM \"x\"", "\n  text block\n  ");
	}

	private static List<String> violations(String module, String file, String source, Map<String, String> owners) {
		List<String> violations = new ArrayList<>();
		for (String literal : SqlTableReferences.stringLiterals(source)) {
			for (String table : SqlTableReferences.tablesNamed(literal)) {
				String owner = owners.get(table);
				if (owner != null && !owner.equals(module)) {
					violations.add(file + " (module " + module + ") names " + table + ", owned by " + owner + ", in: "
							+ literal.strip().replaceAll("\\s+", " "));
				}
			}
		}
		return violations;
	}

	/**
	 * The module of a source file: its first package under fr.mandat (none at the root).
	 */
	private static String moduleOf(Path relative) {
		return (relative.getNameCount() > 1) ? relative.getName(0).toString() : "(application root)";
	}

	/** By migration version: the tables it creates, in order. */
	private static Map<String, List<String>> createdTables() throws IOException {
		Map<String, List<String>> created = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			for (Path file : files.sorted().toList()) {
				Matcher version = VERSION.matcher(file.getFileName().toString());
				assertThat(version.matches()).as("migration file name " + file.getFileName()).isTrue();
				String sql = Files.readString(file).replaceAll("--[^\n]*", "");
				Matcher table = CREATE_TABLE.matcher(sql);
				while (table.find()) {
					String name = table.group(1);
					created.computeIfAbsent(version.group(1), v -> new ArrayList<>())
						.add(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
				}
			}
		}
		return created;
	}

	/** By migration version: table → owning module, as table-owners.txt lists them. */
	private static Map<String, Map<String, String>> listedOwners() throws IOException {
		Map<String, Map<String, String>> owners = new LinkedHashMap<>();
		try (InputStream in = Objects.requireNonNull(
				TableOwnershipTests.class.getResourceAsStream("/architecture/table-owners.txt"),
				"architecture/table-owners.txt")) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
				String content = line.strip();
				if (content.isEmpty() || content.startsWith("#")) {
					continue;
				}
				String[] fields = content.split("\\s+");
				Map<String, String> tables = owners.computeIfAbsent(fields[0], v -> new LinkedHashMap<>());
				for (int i = 1; i < fields.length; i++) {
					String[] pair = fields[i].split("=", 2);
					assertThat(pair).as("table=module in « " + content + " »").hasSize(2);
					tables.put(pair[0], pair[1]);
				}
			}
		}
		return owners;
	}

}
