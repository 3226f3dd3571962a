package fr.mandat.demarche;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Year;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.jspecify.annotations.Nullable;

/**
 * A year of income that can already have been taxed: before the current year (as the
 * validator's clock tells it) and not older than {@link #maxAge()} years.
 */
@Documented
@Constraint(validatedBy = RevenueYear.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface RevenueYear {

	String message() default "Indiquez une année de revenus passée.";

	/** How many years back, counted from last year, may be asked for. */
	int maxAge() default 5;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Reads the year from the validator's clock provider, never the system clock. */
	class Validator implements ConstraintValidator<RevenueYear, Integer> {

		private int maxAge;

		@Override
		public void initialize(RevenueYear annotation) {
			this.maxAge = annotation.maxAge();
		}

		@Override
		public boolean isValid(@Nullable Integer year, ConstraintValidatorContext context) {
			if (year == null) {
				return true;
			}
			int last = Year.now(context.getClockProvider().getClock()).getValue() - 1;
			int first = last - this.maxAge + 1;
			if (year >= first && year <= last) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context
				.buildConstraintViolationWithTemplate(
						"Indiquez une année de revenus entre " + first + " et " + last + ".")
				.addConstraintViolation();
			return false;
		}

	}

}
