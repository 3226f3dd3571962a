<#-- The invitation (Keycloak's "execute actions" e-mail), in the DSFR's colours. -->
<#assign invitedBy = (user.attributes.mandat_invite_par)!''>
<#assign structure = (user.attributes.mandat_structure)!''>
<html lang="fr">
<body style="margin:0;padding:0;background-color:#f6f6f6;font-family:Marianne,Arial,sans-serif;color:#161616;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f6f6f6;">
    <tr><td align="center" style="padding:24px 12px;">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background-color:#ffffff;">
            <tr><td style="padding:24px 32px;border-bottom:1px solid #dddddd;">
                <p style="margin:0;font-weight:700;font-size:14px;line-height:18px;text-transform:uppercase;">République<br>Française</p>
                <p style="margin:12px 0 0 0;font-weight:700;font-size:20px;">Mandat</p>
            </td></tr>
            <tr><td style="padding:24px 32px;font-size:16px;line-height:24px;">
                <p style="margin:0 0 16px 0;"><#if (user.firstName)?has_content>${msg("mandatGreeting", user.firstName)}<#else>${msg("mandatGreetingNoName")}</#if></p>
                <p style="margin:0 0 16px 0;font-weight:700;">
                    <#if invitedBy?has_content && structure?has_content>${msg("mandatInvitedByForStructure", invitedBy, structure)}
                    <#elseif invitedBy?has_content>${msg("mandatInvitedBy", invitedBy)}.
                    <#elseif structure?has_content>${msg("mandatInvitedNoNameForStructure", structure)}
                    <#else>${msg("mandatInvitedNoName")}</#if>
                </p>
                <p style="margin:0 0 16px 0;">${msg("mandatWhatIsMandat")}</p>
                <p style="margin:0 0 24px 0;">${msg("mandatNextSteps")}</p>
                <p style="margin:0 0 24px 0;"><a href="${link}" style="display:inline-block;background-color:#000091;color:#f5f5fe;padding:8px 16px;text-decoration:none;font-weight:500;">${msg("mandatLinkLabel")}</a></p>
                <p style="margin:0 0 16px 0;">${msg("mandatLinkLifetime", linkExpirationFormatter(linkExpiration))}</p>
                <p style="margin:0 0 16px 0;padding:12px 16px;border-left:4px solid #b34000;background-color:#fff4f3;">${msg("mandatUnexpected")}</p>
                <p style="margin:0;">${msg("mandatSignature")}</p>
            </td></tr>
        </table>
    </td></tr>
</table>
</body>
</html>
