package fr.mandat.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class that shares the application but must not run beside another such class: it
 * changes what every class relies on (the application's clock, a demo account's sessions,
 * Keycloak's clients, the partners' circuits, the journal's locks or rows) or asserts on
 * totals that any other class's writes move. It takes both lanes
 * ({@link ApplicationLanes}, ADR 0123). Say why in {@link #value()}, so that the next
 * person can lift it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RunsAlone {

	/** What the class does that other classes must not see. */
	String value();

}
