package fr.mandat.demarche;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.jspecify.annotations.Nullable;

/**
 * Turns submitted values (a form's parameters or a JSON object's properties, as text)
 * into a démarche's input record, checked with Bean Validation. Unknown names are
 * ignored; values are trimmed and a blank value counts as missing.
 */
public final class DemarcheInputBinder {

	/** Longer values are refused before anything else reads them. */
	static final int MAX_VALUE_LENGTH = 1_000;

	private final Validator validator;

	/**
	 * @param validator should take its clock from the application's {@code Clock}, since
	 * some constraints depend on the date
	 */
	public DemarcheInputBinder(Validator validator) {
		this.validator = validator;
	}

	public InputBinding bind(Demarche demarche, Map<String, String> values) {
		Class<? extends Record> type = demarche.inputType();
		RecordComponent[] components = type.getRecordComponents();
		Object[] arguments = new Object[components.length];
		Map<String, String> errors = new HashMap<>();
		for (int i = 0; i < components.length; i++) {
			RecordComponent component = components[i];
			String raw = values.get(component.getName());
			String text = (raw != null) ? raw.strip() : null;
			if (text == null || text.isEmpty()) {
				continue;
			}
			if (text.length() > MAX_VALUE_LENGTH) {
				errors.put(component.getName(), "Cette valeur est trop longue.");
				continue;
			}
			try {
				arguments[i] = convert(text, component.getType());
			}
			catch (NumberFormatException ex) {
				errors.put(component.getName(), typeMessage(component.getType()));
			}
		}
		Record input = instantiate(type, components, arguments);
		for (ConstraintViolation<Record> violation : this.validator.validate(input)) {
			// The first message per field is enough beside it; a conversion error wins.
			errors.putIfAbsent(field(violation), violation.getMessage());
		}
		if (errors.isEmpty()) {
			return new InputBinding.Valid(input);
		}
		Map<String, String> ordered = new LinkedHashMap<>();
		Arrays.stream(components)
			.map(RecordComponent::getName)
			.filter(errors::containsKey)
			.forEach(name -> ordered.put(name, errors.remove(name)));
		ordered.putAll(errors);
		return new InputBinding.Invalid(ordered);
	}

	private static Object convert(String text, Class<?> type) {
		if (type == String.class) {
			return text;
		}
		// « 1 850 » is how many people write amounts.
		String digits = Normalize.withoutSpaces(text);
		if (type == Integer.class) {
			return Integer.valueOf(digits);
		}
		if (type == Long.class) {
			return Long.valueOf(digits);
		}
		throw new IllegalStateException("Unsupported input type " + type.getName());
	}

	private static String typeMessage(Class<?> type) {
		return Set.of(Integer.class, Long.class).contains(type) ? "Saisissez un nombre entier."
				: "Cette valeur n'est pas valide.";
	}

	private static String field(ConstraintViolation<?> violation) {
		String path = violation.getPropertyPath().toString();
		int dot = path.indexOf('.');
		return (dot < 0) ? path : path.substring(0, dot);
	}

	private static Record instantiate(Class<? extends Record> type, RecordComponent[] components,
			@Nullable Object[] arguments) {
		try {
			Constructor<? extends Record> constructor = type.getDeclaredConstructor(
					Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
			constructor.setAccessible(true);
			return constructor.newInstance(arguments);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException(type.getName() + " refused its values", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create " + type.getName(), ex);
		}
	}

}
