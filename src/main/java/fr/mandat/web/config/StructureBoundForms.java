package fr.mandat.web.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;
import fr.mandat.web.StaleFormException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.support.RequestDataValueProcessor;

/**
 * Every form of a page carries the structure the person was acting for when it was shown
 * (a hidden field added to each {@code th:action} form, beside the CSRF token), and a
 * form sent after the person switched to another structure — in another tab, say — is
 * refused with nothing done: it would otherwise act on the structure the session holds
 * now, not the one the person saw. Forms of people who are not (or no longer) staff are
 * left to the security rules.
 */
@Configuration(proxyBeanMethods = false)
class StructureBoundForms implements WebMvcConfigurer {

	/** The hidden field's name. */
	static final String FIELD = "_structure";

	private final CurrentStaff currentStaff;

	StructureBoundForms(@Lazy CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new StaleFormCheck(this.currentStaff))
			.excludePathPatterns("/api/**", "/mon-espace", "/mon-espace/**");
	}

	/** Adds the field to the forms Thymeleaf renders, through the CSRF processor. */
	@Bean
	static BeanPostProcessor structureFieldInForms(@Lazy CurrentStaff currentStaff) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof RequestDataValueProcessor processor
						&& "requestDataValueProcessor".equals(beanName)) {
					return new WithStructure(processor, currentStaff);
				}
				return bean;
			}

		};
	}

	private static @Nullable UUID parse(@Nullable String id) {
		try {
			return (id != null && id.length() == 36) ? UUID.fromString(id) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Optional<UUID> currentStructure(CurrentStaff currentStaff) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Optional<StaffMember> member = currentStaff.active(authentication);
		return member.map(m -> currentStaff.currentStructure(m).id());
	}

	private record WithStructure(RequestDataValueProcessor delegate,
			CurrentStaff currentStaff) implements RequestDataValueProcessor {

		@Override
		public String processAction(HttpServletRequest request, String action, String httpMethod) {
			return this.delegate.processAction(request, action, httpMethod);
		}

		@Override
		public String processFormFieldValue(HttpServletRequest request, @Nullable String name, String value,
				String type) {
			return this.delegate.processFormFieldValue(request, name, value, type);
		}

		@Override
		public @Nullable Map<String, String> getExtraHiddenFields(HttpServletRequest request) {
			Map<String, String> fields = new LinkedHashMap<>();
			Map<String, String> csrf = this.delegate.getExtraHiddenFields(request);
			if (csrf != null) {
				fields.putAll(csrf);
			}
			currentStructure(this.currentStaff).ifPresent(structure -> fields.put(FIELD, structure.toString()));
			return fields;
		}

		@Override
		public String processUrl(HttpServletRequest request, String url) {
			return this.delegate.processUrl(request, url);
		}

	}

	/**
	 * Refuses a page form sent for another structure than the one the person acts for
	 * now.
	 */
	private record StaleFormCheck(CurrentStaff currentStaff) implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
				throws Exception {
			if (!"POST".equals(request.getMethod()) || !(handler instanceof HandlerMethod)) {
				return true;
			}
			Optional<UUID> current = currentStructure(this.currentStaff);
			if (current.isEmpty()) {
				return true;
			}
			String sent = request.getParameter(FIELD);
			if (current.get().toString().equals(sent)) {
				return true;
			}
			throw new StaleFormException(parse(sent));
		}

	}

}
