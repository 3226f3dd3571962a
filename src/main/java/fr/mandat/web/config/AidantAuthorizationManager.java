package fr.mandat.web.config;

import java.util.function.Supplier;

import fr.mandat.structure.CurrentStaff;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Grants a request only to a signed-in person whose aidant record is habilitated and
 * holds at least one role, read from the application's database at this request.
 */
@Component
class AidantAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private final CurrentStaff currentStaff;

	AidantAuthorizationManager(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(this.currentStaff.active(authentication.get()).isPresent());
	}

}
