package fr.mandat.demarche;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a component of a démarche's input record appears in its form. Every component
 * carries one; the texts are shown to aidants, in French.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface InputField {

	/** The field's label, e.g. « Numéro d'allocataire ». */
	String label();

	/** A hint shown under the label; empty for none. */
	String hint() default "";

	/** An example of a valid value, e.g. « 1234567 »; empty for none. */
	String example() default "";

	/** The HTML {@code autocomplete} token, e.g. {@code postal-code}. */
	String autocomplete() default "off";

	/**
	 * The HTML {@code inputmode}; empty to derive it from the type (numeric for numbers,
	 * text otherwise).
	 */
	String inputMode() default "";

}
