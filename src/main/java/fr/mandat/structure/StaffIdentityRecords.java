package fr.mandat.structure;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import fr.mandat.identity.StaffIdentities;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The people this module keeps, as the identity module needs them. */
@Component
class StaffIdentityRecords implements StaffIdentities {

	private final CurrentStaff currentStaff;

	private final StaffDirectory directory;

	StaffIdentityRecords(CurrentStaff currentStaff, StaffDirectory directory) {
		this.currentStaff = currentStaff;
		this.directory = directory;
	}

	@Override
	public Optional<StaffIdentity> find(@Nullable Authentication authentication) {
		return this.currentStaff.find(authentication)
			.map(member -> new StaffIdentity(member.aidantId(), member.subject(), member.mayUseApplication(),
					member.structures().isEmpty() ? null : this.currentStaff.currentStructure(member).id(),
					member.memberships()
						.stream()
						.map(membership -> membership.role().name())
						.collect(Collectors.toSet())));
	}

	@Override
	public void signedIn(UUID aidantId, Instant at) {
		this.directory.signedIn(aidantId, at);
	}

}
