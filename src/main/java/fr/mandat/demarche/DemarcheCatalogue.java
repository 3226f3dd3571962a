package fr.mandat.demarche;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import fr.mandat.demarche.DemarcheProperties.DemarcheSettings;
import fr.mandat.demarche.DemarcheProperties.PartnerSettings;
import fr.mandat.structure.DemarcheCategory;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The partners and démarches this instance offers, read from configuration and checked
 * once at startup: a démarche naming an unknown partner, or an input that is not a record
 * with a describable form, stops the application.
 */
public final class DemarcheCatalogue {

	private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	private final Map<String, Partner> partners;

	private final Map<String, Demarche> demarches;

	DemarcheCatalogue(DemarcheProperties properties) {
		List<String> problems = new ArrayList<>();
		this.partners = new LinkedHashMap<>();
		properties.partners()
			.forEach((id, settings) -> partner(id, settings, problems)
				.ifPresent(partner -> this.partners.put(id, partner)));
		this.demarches = new LinkedHashMap<>();
		properties.demarches()
			.forEach((id, settings) -> demarche(id, settings, problems)
				.ifPresent(demarche -> this.demarches.put(id, demarche)));
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Invalid mandat.demarche configuration: " + String.join("; ", problems));
		}
	}

	/** Every démarche, in configuration order. */
	public List<Demarche> demarches() {
		return List.copyOf(this.demarches.values());
	}

	/** The démarches in the given categories, e.g. those a mandate covers. */
	public List<Demarche> demarches(Collection<DemarcheCategory> categories) {
		return this.demarches.values().stream().filter(demarche -> categories.contains(demarche.category())).toList();
	}

	public Optional<Demarche> demarche(String id) {
		return Optional.ofNullable(this.demarches.get(id));
	}

	public List<Partner> partners() {
		return List.copyOf(this.partners.values());
	}

	public Optional<Partner> partner(String id) {
		return Optional.ofNullable(this.partners.get(id));
	}

	/** The partner of a démarche of this catalogue. */
	public Partner partnerOf(Demarche demarche) {
		return partner(demarche.partnerId())
			.orElseThrow(() -> new IllegalArgumentException("Not a démarche of this catalogue: " + demarche.id()));
	}

	private static Optional<Partner> partner(String id, PartnerSettings settings, List<String> problems) {
		if (!KEBAB_CASE.matcher(id).matches()) {
			problems.add("partner id '" + id + "' is not kebab-case");
			return Optional.empty();
		}
		String scheme = settings.baseUrl().getScheme();
		if (!settings.baseUrl().isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
			problems.add("partner '" + id + "' needs an absolute http(s) base URL");
			return Optional.empty();
		}
		return Optional.of(new Partner(id, settings.label(), settings.baseUrl(), settings.audience(),
				settings.connectTimeout(), settings.readTimeout()));
	}

	private Optional<Demarche> demarche(String id, DemarcheSettings settings, List<String> problems) {
		int before = problems.size();
		if (!KEBAB_CASE.matcher(id).matches()) {
			problems.add("démarche id '" + id + "' is not kebab-case");
		}
		if (!this.partners.containsKey(settings.partner())) {
			problems.add("démarche '" + id + "' names an unknown partner '" + settings.partner() + "'");
		}
		Class<? extends Record> input = inputType(id, settings.input(), problems);
		if (problems.size() > before || input == null) {
			return Optional.empty();
		}
		return Optional.of(new Demarche(id, settings.partner(), settings.category(), settings.label(),
				settings.description(), settings.path(), input, settings.idempotent()));
	}

	private static @Nullable Class<? extends Record> inputType(String id, String name, List<String> problems) {
		Class<?> type;
		try {
			type = ClassUtils.forName(name, DemarcheCatalogue.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			problems.add("démarche '" + id + "': input class " + name + " not found");
			return null;
		}
		if (!type.isRecord()) {
			problems.add("démarche '" + id + "': input " + name + " is not a record");
			return null;
		}
		Class<? extends Record> record = type.asSubclass(Record.class);
		try {
			DemarcheForm.of(record);
		}
		catch (IllegalArgumentException ex) {
			problems.add("démarche '" + id + "': " + ex.getMessage());
			return null;
		}
		return record;
	}

}
