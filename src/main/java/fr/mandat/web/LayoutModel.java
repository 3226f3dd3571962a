package fr.mandat.web;

import java.time.Clock;
import java.util.List;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.Role;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every page's header shows about the signed-in person. A request attribute rather
 * than a model attribute, so that pages rendered by exception handlers and the error
 * pages (403, 404, 500) keep the person's name, structure and « Se déconnecter » too.
 */
@Configuration(proxyBeanMethods = false)
class LayoutModel implements WebMvcConfigurer {

	static final String ATTRIBUTE = "currentAidant";

	/** What was typed in a form before the session ended, as JSON (see SavedForm). */
	static final String RESTORED_INPUT = "restoredInput";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CurrentStaff currentStaff;

	private final Clock clock;

	LayoutModel(CurrentStaff currentStaff, Clock clock) {
		this.currentStaff = currentStaff;
		this.clock = clock;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {
			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				if (request.getAttribute(ATTRIBUTE) == null) {
					LayoutModel.this.currentStaff.active(SecurityContextHolder.getContext().getAuthentication())
						.map(LayoutModel.this::header)
						.ifPresent(header -> request.setAttribute(ATTRIBUTE, header));
				}
				String restored = restoredInput(request);
				if (restored != null) {
					request.setAttribute(RESTORED_INPUT, restored);
				}
				return true;
			}
		})
			.excludePathPatterns("/api/**", "/mon-espace", "/mon-espace/**", "/dsfr/**", "/css/**", "/js/**",
					"/.well-known/**", "/v3/api-docs/**");
	}

	/**
	 * What the person had typed in this form before their session ended, for the page's
	 * script to put back: once, for the very form it came from.
	 */
	private @Nullable String restoredInput(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !"GET".equals(request.getMethod())
				|| !(session.getAttribute(SavedForm.ATTRIBUTE) instanceof SavedForm saved)) {
			return null;
		}
		if (saved.isExpired(this.clock.instant())) {
			session.removeAttribute(SavedForm.ATTRIBUTE);
			return null;
		}
		String here = request.getRequestURI()
				+ ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
		if (!saved.path().equals(here)) {
			return null;
		}
		session.removeAttribute(SavedForm.ATTRIBUTE);
		return JSON.writeValueAsString(saved.input());
	}

	private HeaderView header(StaffMember member) {
		StructureRef structure = this.currentStaff.currentStructure(member);
		List<Role> roles = member.rolesIn(structure.id());
		return new HeaderView(member.displayName(), structure.name(), roles.contains(Role.AIDANT),
				roles.contains(Role.RESPONSABLE), member.memberships().stream().anyMatch(m -> m.role() == Role.ADMIN),
				member.memberships().stream().anyMatch(m -> m.role() == Role.AUDITEUR));
	}

	/**
	 * @param aidant whether the person may prepare mandates in the current structure
	 * @param responsable whether they manage the current structure
	 * @param admin whether they belong to the national team's admins
	 * @param auditor whether they may read the journal
	 */
	record HeaderView(String displayName, String structureName, boolean aidant, boolean responsable, boolean admin,
			boolean auditor) {
	}

}
