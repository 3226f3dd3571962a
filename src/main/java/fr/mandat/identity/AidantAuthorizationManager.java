package fr.mandat.identity;

import java.util.function.Supplier;

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
public class AidantAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private final StaffIdentities staff;

	AidantAuthorizationManager(StaffIdentities staff) {
		this.staff = staff;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(this.staff.active(authentication.get()).isPresent());
	}

}
