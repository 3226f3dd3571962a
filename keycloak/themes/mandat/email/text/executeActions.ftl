<#ftl output_format="plainText">
<#assign invitedBy = (user.attributes.mandat_invite_par)!''>
<#assign structure = (user.attributes.mandat_structure)!''>
<#if (user.firstName)?has_content>${msg("mandatGreeting", user.firstName)}<#else>${msg("mandatGreetingNoName")}</#if>

<#if invitedBy?has_content && structure?has_content>${msg("mandatInvitedByForStructure", invitedBy, structure)}<#elseif invitedBy?has_content>${msg("mandatInvitedBy", invitedBy)}.<#elseif structure?has_content>${msg("mandatInvitedNoNameForStructure", structure)}<#else>${msg("mandatInvitedNoName")}</#if>

${msg("mandatWhatIsMandat")}

${msg("mandatNextSteps")}

${msg("mandatLinkLabel")} :
${link}

${msg("mandatLinkLifetime", linkExpirationFormatter(linkExpiration))}

${msg("mandatUnexpected")}

${msg("mandatSignature")}
