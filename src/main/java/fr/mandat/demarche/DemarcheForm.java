package fr.mandat.demarche;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * The fields of a démarche's form, read from its input record so that pages and the API
 * describe every démarche the same way.
 */
public record DemarcheForm(List<FormField> fields) {

	/** The component types a form can collect. */
	static final Set<Class<?>> SUPPORTED_TYPES = Set.of(String.class, Integer.class, Long.class);

	private static final ClassValue<DemarcheForm> FORMS = new ClassValue<>() {
		@Override
		protected DemarcheForm computeValue(Class<?> type) {
			return read(type);
		}
	};

	public DemarcheForm {
		fields = List.copyOf(fields);
	}

	/**
	 * @throws IllegalArgumentException when the type is not a record, or a component has
	 * no {@link InputField} or a type forms cannot collect
	 */
	public static DemarcheForm of(Class<? extends Record> inputType) {
		return FORMS.get(inputType);
	}

	private static DemarcheForm read(Class<?> type) {
		if (!type.isRecord()) {
			throw new IllegalArgumentException(type.getName() + " is not a record");
		}
		return new DemarcheForm(Arrays.stream(type.getRecordComponents()).map(DemarcheForm::field).toList());
	}

	private static FormField field(RecordComponent component) {
		String where = component.getDeclaringRecord().getName() + "." + component.getName();
		InputField input = component.getAnnotation(InputField.class);
		if (input == null) {
			throw new IllegalArgumentException(where + " has no @InputField");
		}
		if (!SUPPORTED_TYPES.contains(component.getType())) {
			throw new IllegalArgumentException(
					where + " is a " + component.getType().getName() + "; forms collect " + SUPPORTED_TYPES);
		}
		Field field = declaredField(component);
		boolean number = Number.class.isAssignableFrom(component.getType());
		String inputMode = input.inputMode().isEmpty() ? (number ? "numeric" : "text") : input.inputMode();
		Size size = field.getAnnotation(Size.class);
		boolean required = field.isAnnotationPresent(NotNull.class) || field.isAnnotationPresent(NotBlank.class)
				|| field.isAnnotationPresent(NotEmpty.class);
		return new FormField(component.getName(), input.label(), blankToNull(input.hint()),
				blankToNull(input.example()), inputMode, input.autocomplete(), required,
				(size != null && size.max() < Integer.MAX_VALUE) ? size.max() : null);
	}

	private static Field declaredField(RecordComponent component) {
		try {
			return component.getDeclaringRecord().getDeclaredField(component.getName());
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static @Nullable String blankToNull(String text) {
		return text.isBlank() ? null : text;
	}

	/**
	 * One field. Numbers are collected with {@code type="text"} and
	 * {@code inputmode="numeric"}, as the DSFR recommends, never {@code type="number"}.
	 *
	 * @param name the record component's name, used as the form parameter and JSON
	 * property
	 * @param label the French label
	 * @param hint a French hint, if any
	 * @param example an example value, if any
	 * @param inputMode the HTML {@code inputmode}
	 * @param autocomplete the HTML {@code autocomplete} token
	 * @param maxLength the HTML {@code maxlength}, if the record limits the length
	 */
	public record FormField(String name, String label, @Nullable String hint, @Nullable String example,
			String inputMode, String autocomplete, boolean required, @Nullable Integer maxLength) {

		/** The HTML input type: always {@code text} (see the record's description). */
		public String type() {
			return "text";
		}

	}

}
