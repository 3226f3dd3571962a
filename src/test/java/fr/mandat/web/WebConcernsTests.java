package fr.mandat.web;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

/**
 * Web concerns stay in their one place: exceptions become pages or problem details only
 * in advices (the pages' one is {@link PageErrors}), and no controller reaches into
 * another controller's members.
 */
class WebConcernsTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("fr.mandat");

	@Test
	void exceptionsAreHandledInAdvicesOnlyNeverInAController() {
		methods().that()
			.areAnnotatedWith(ExceptionHandler.class)
			.should()
			.beDeclaredInClassesThat()
			.areMetaAnnotatedWith(ControllerAdvice.class)
			.check(CLASSES);
	}

	@Test
	void controllersUseNoOtherControllersMembers() {
		classes().should(new ArchCondition<JavaClass>("use no other controller's fields, methods or constants") {

			@Override
			public void check(JavaClass source, ConditionEvents events) {
				JavaClass home = topLevel(source);
				for (JavaAccess<?> access : source.getAccessesFromSelf()) {
					JavaClass target = topLevel(access.getTargetOwner());
					// The application's own controllers; a framework controller one
					// extends
					// (Boot's error controller) is its superclass, not a neighbour.
					if (!target.equals(home) && isController(home) && isController(target)
							&& target.getPackageName().startsWith("fr.mandat")) {
						events.add(SimpleConditionEvent.violated(access, access.getDescription()));
					}
				}
			}

		}).check(CLASSES);
	}

	private static JavaClass topLevel(JavaClass type) {
		JavaClass current = type;
		while (current.getEnclosingClass().isPresent()) {
			current = current.getEnclosingClass().get();
		}
		return current;
	}

	private static boolean isController(JavaClass type) {
		return type.isMetaAnnotatedWith(Controller.class);
	}

}
