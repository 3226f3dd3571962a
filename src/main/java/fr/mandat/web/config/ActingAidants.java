package fr.mandat.web.config;

import java.util.List;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.CurrentStaff.AidantAtWork;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Hands a controller the aidant at work as a method parameter ({@link AidantAtWork}): the
 * signed-in person, active, with the aidant role in the structure they act for in this
 * session, read from the application's data. Anyone else is refused
 * ({@code AccessDeniedException}) before the controller runs.
 */
@Component
class ActingAidants implements WebMvcConfigurer {

	private final CurrentStaff currentStaff;

	ActingAidants(@Lazy CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new Resolver(this.currentStaff));
	}

	private record Resolver(CurrentStaff currentStaff) implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == AidantAtWork.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binders) {
			return this.currentStaff.aidant(SecurityContextHolder.getContext().getAuthentication(), null);
		}

	}

}
